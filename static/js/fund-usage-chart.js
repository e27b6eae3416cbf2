// Allocated against spent per county (or town), Apache ECharts (vendored).
// Bars start at 0 so lengths compare honestly; a click opens the region's drill-down.
(function () {
  var element = document.getElementById("fund-usage-chart");
  var source = document.getElementById("fund-usage-chart-data");
  if (!element || !source || typeof echarts === "undefined") return;
  var rows = JSON.parse(source.textContent);
  // Tooltips are HTML and region names are user text: escape them.
  var esc = echarts.format.encodeHTML;
  var labels = { allocated: element.dataset.allocated, spent: element.dataset.spent };
  function series(key, colour) {
    return {
      name: labels[key],
      type: "bar",
      itemStyle: { color: colour },
      data: rows.map(function (r) { return { value: parseFloat(r[key]), url: r.url }; })
    };
  }
  var chart = echarts.init(element, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    legend: { top: 0 },
    grid: { left: 8, right: 48, top: 32, bottom: 32, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: function (items) {
        var row = rows[items[0].dataIndex];
        var rate = row.rate === null ? "—" : row.rate + "%";
        return esc(row.name) + "<br>" + esc(labels.allocated) + "：" + row.allocated + "万元<br>"
          + esc(labels.spent) + "：" + row.spent + "万元<br>" + esc(element.dataset.rate) + "：" + rate;
      }
    },
    xAxis: { type: "value", min: 0, name: "万元", nameLocation: "end" },
    yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
    series: [series("allocated", "#90a4ae"), series("spent", "#c62828")]
  });
  chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  window.addEventListener("resize", function () { chart.resize(); });
  element.dataset.rendered = "true";
})();
