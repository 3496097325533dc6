// 驾驶舱 charts: drawn with ECharts from the page's own figures (#chart-data); each chart's table stays on the page
// as the screen readers' view and the fallback when scripts do not run.
(function () {
  'use strict';
  function draw() {
    if (typeof echarts === 'undefined') {
      return;
    }
    var data = JSON.parse(document.getElementById('chart-data').textContent || '{}');
    var charts = {
      trend: function () {
        return {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { top: 40, left: 50, right: 20, bottom: 30 },
          xAxis: { type: 'category', data: data.trend.months },
          yAxis: { type: 'value', name: '%' },
          series: data.trend.series.map(function (s) {
            return { name: s.name, type: 'line', connectNulls: false, data: s.data };
          })
        };
      },
      ranking: function () {
        var rows = data.ranking.slice().reverse();
        return {
          tooltip: { trigger: 'axis' },
          grid: { left: 140, right: 30, top: 10, bottom: 30 },
          xAxis: { type: 'value' },
          yAxis: { type: 'category', data: rows.map(function (r) { return r.name; }) },
          series: [{ name: '门急诊人次', type: 'bar', data: rows.map(function (r) { return r.visits; }) }]
        };
      },
      referrals: function () {
        var rows = data.referrals;
        return {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { top: 40, left: 50, right: 20, bottom: 40 },
          xAxis: { type: 'category', data: rows.map(function (r) { return r.name; }) },
          yAxis: { type: 'value' },
          series: [
            { name: '上转', type: 'bar', stack: 'referrals', data: rows.map(function (r) { return r.up; }) },
            { name: '下转', type: 'bar', stack: 'referrals', data: rows.map(function (r) { return r.down; }) }
          ]
        };
      },
      flows: function () {
        // sending and receiving ends are separate nodes: a unit that both sends and receives would make a cycle
        var nodes = {};
        var links = data.flows.map(function (f) {
          var from = f.from + '（转出）';
          var to = f.to + '（接收）';
          nodes[from] = true;
          nodes[to] = true;
          return { source: from, target: to, value: f.count };
        });
        return {
          tooltip: { trigger: 'item' },
          series: [{ type: 'sankey', data: Object.keys(nodes).map(function (n) { return { name: n }; }), links: links }]
        };
      },
      categories: function () {
        return {
          tooltip: { trigger: 'item' },
          legend: { top: 0 },
          series: [{ name: '互认决定', type: 'pie', radius: ['40%', '70%'],
            data: data.categories.map(function (c) { return { name: c.label, value: c.decisions }; }) }]
        };
      }
    };
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var name = el.getAttribute('data-chart');
      var empty = name === 'trend' ? !data.trend || data.trend.months.length === 0 : !data[name] || data[name].length === 0;
      if (empty || !charts[name]) {
        el.hidden = true;
        return;
      }
      el.style.height = '320px';
      echarts.init(el).setOption(charts[name]());
      el.setAttribute('data-drawn', 'true');
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
