package org.countyhub.server.console.reading;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.SideBySideCalls;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 远程诊断工作台: the acting centre's worklist with its filters and orders; 领取 (the hub's {@code $claim} for the
 * reader's PractitionerRole) and 释放 ({@code $release}). A Task someone else claimed a moment ago is said so, and
 * the worklist shows its state now.
 */
@OnEmbeddedSignIn
@Controller
class WorklistPage {

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final Worklist worklist;
	private final ReaderRoles readers;
	private final UnitLabels units;
	private final MyTurnaround turnaround;
	private final SideBySideCalls calls;

	WorklistPage(ConsoleUsers users, HubFhir hub, Worklist worklist, ReaderRoles readers, UnitLabels units,
			MyTurnaround turnaround, SideBySideCalls calls) {
		this.calls = calls;
		this.users = users;
		this.hub = hub;
		this.worklist = worklist;
		this.readers = readers;
		this.units = units;
		this.turnaround = turnaround;
	}

	@GetMapping("/console/reading")
	String list(WorklistFilter filter, HttpServletRequest request, HttpSession session, Model model) {
		show(filter, request, session, model);
		return "console/worklist";
	}

	@GetMapping("/console/reading/rows")
	String rows(WorklistFilter filter, HttpServletRequest request, HttpSession session, Model model) {
		show(filter, request, session, model);
		return "console/worklist :: rows";
	}

	@PostMapping("/console/reading/{task}/claim")
	String claim(@PathVariable("task") String task, HttpServletRequest request, HttpSession session,
			RedirectAttributes redirect) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		String role = readers.of(fhir, user).orElse(null);
		if (role == null) {
			redirect.addFlashAttribute("refused", "未找到您在本中心的执业信息（PractitionerRole），无法领取，请联系管理员。");
			return "redirect:/console/reading";
		}
		Parameters reader = new Parameters();
		reader.addParameter().setName("reader").setValue(new Reference(role).setDisplay(user.username()));
		try {
			fhir.operation().onInstance(new IdType("Task", PathIds.checked(task))).named("$claim").withParameters(reader)
					.returnResourceType(Task.class).execute();
		} catch (ResourceVersionConflictException e) {
			redirect.addFlashAttribute("refused", "该任务刚刚已被其他医生领取或已出报告，无法领取。请查看下方的当前状态。");
			redirect.addFlashAttribute("focus", task);
			return "redirect:/console/reading";
		}
		return "redirect:/console/reading/" + task;
	}

	@PostMapping("/console/reading/{task}/release")
	String release(@PathVariable("task") String task, HttpServletRequest request, HttpSession session,
			RedirectAttributes redirect) {
		IGenericClient fhir = hub.client(request, users.current(session).orElseThrow());
		try {
			fhir.operation().onInstance(new IdType("Task", PathIds.checked(task))).named("$release")
					.withNoParameters(Parameters.class).returnResourceType(Task.class).execute();
			redirect.addFlashAttribute("done", "已释放，任务已回到待诊断列表。");
		} catch (ResourceVersionConflictException e) {
			redirect.addFlashAttribute("refused", "该任务的状态已变化，无法释放。请查看下方的当前状态。");
			redirect.addFlashAttribute("focus", task);
		}
		return "redirect:/console/reading";
	}

	/** The reader's PractitionerRole at the centre (none: not a reader here) and the reader's day so far. */
	private record Reader(String role, MyTurnaround.Today today) {}

	private void show(WorklistFilter filter, HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		// the reader and the reader's day beside the worklist's page: independent calls
		var reader = calls.start(() -> {
			String role = readers.of(fhir, user).orElse(null);
			return new Reader(role, role == null ? null : turnaround.of(fhir, role));
		});
		model.addAttribute("filter", filter);
		model.addAttribute("statuses", WorklistFilter.STATUS_CHOICES);
		model.addAttribute("sorts", WorklistFilter.SORTS);
		model.addAttribute("units", units.all());
		Worklist.Page page = worklist.page(fhir, user.actingUnit(), filter, () -> reader.get().role());
		model.addAttribute("rows", page.rows());
		model.addAttribute("page", page);
		model.addAttribute("today", reader.get().today());
	}
}
