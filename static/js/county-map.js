// The dashboard's county map (Apache ECharts with the vendored city map).
// Region names are user text: the tooltip is HTML, so every name is escaped.
// A management unit without a shape (开发区) is a round marker where its towns lie.
(function () {
  var element = document.getElementById("county-map");
  var source = document.getElementById("county-map-data");
  if (!element || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  if (!data.regions || !echarts.getMap(data.map)) return;
  var esc = echarts.format.encodeHTML;
  var noValue = element.dataset.noValue || "";
  var chart = echarts.init(element, null, { renderer: "canvas" });
  var metrics = {};
  data.metrics.forEach(function (m) { metrics[m.key] = m; });

  function figure(region, key) { return region.values[key] || {}; }

  function tooltip(p) {
    var region = p.data && p.data.region;
    if (!region) return esc(p.name);
    var metric = metrics[p.data.metric];
    var f = figure(region, p.data.metric);
    var shown = f.value === null || f.value === undefined;
    var value = shown ? noValue : String(f.value) + (metric.unit || "");
    var lines = [esc(region.label) + "：" + esc(metric.label) + " " + esc(value)];
    if (f.text) lines.push(esc(f.text));
    if (f.n !== undefined && f.d !== undefined) lines.push(esc(f.n) + " / " + esc(f.d));
    return lines.join("<br>");
  }

  function visualMap(key) {
    if (key === "rating") {
      // Ratings as their index: one piece (and legend entry) per rating.
      return {
        type: "piecewise", left: 8, bottom: 8, seriesIndex: [0, 1],
        pieces: data.ratings.map(function (r, i) { return { value: i, label: r.label, color: r.colour }; }),
        outOfRange: { color: "#e0e0e0" }
      };
    }
    var values = data.regions.map(function (r) { return figure(r, key).value; })
      .filter(function (v) { return v !== null && v !== undefined; });
    var min = values.length ? Math.min.apply(null, values) : 0;
    var max = values.length ? Math.max.apply(null, values) : 1;
    if (min === max) { min = Math.min(0, min); max = max || 1; }
    // Red lights: more is worse, so the ramp runs the other way.
    var colours = key === "red_lights" ? ["#fff3e0", "#c62828"] : ["#e3f2fd", "#1565c0"];
    return {
      type: "continuous", left: 8, bottom: 8, min: min, max: max, calculable: false,
      seriesIndex: [0, 1], text: [String(max) + (metrics[key].unit || ""), String(min) + (metrics[key].unit || "")],
      inRange: { color: colours }, outOfRange: { color: "#e0e0e0" }
    };
  }

  function item(region, key) {
    var f = figure(region, key);
    var value = f.value === null || f.value === undefined ? NaN : f.value;
    if (key === "rating") {
      var index = data.ratings.map(function (r) { return r.label; }).indexOf(f.value);
      value = index < 0 ? NaN : index;
    }
    return { name: region.shape, value: value, region: region, metric: key, url: region.url };
  }

  function draw(key) {
    var shaped = data.regions.filter(function (r) { return !r.point; });
    var pointed = data.regions.filter(function (r) { return r.point; });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: tooltip },
      visualMap: visualMap(key),
      geo: { map: data.map, roam: false, layoutCenter: ["50%", "50%"], layoutSize: "96%", itemStyle: { areaColor: "#eeeeee", borderColor: "#ffffff" },
             emphasis: { label: { show: true } }, label: { show: true, fontSize: 11 } },
      series: [
        { type: "map", geoIndex: 0, name: metrics[key].label, data: shaped.map(function (r) { return item(r, key); }) },
        { type: "scatter", coordinateSystem: "geo", symbolSize: 22,
          label: { show: true, position: "right", formatter: function (p) { return p.data.region.label; } },
          itemStyle: { borderColor: "#424242", borderWidth: 1 },
          data: pointed.map(function (r) {
            var d = item(r, key);
            d.value = r.point.concat([d.value]);
            return d;
          }) }
      ]
    }, { replaceMerge: ["series", "visualMap"] });
    element.dataset.metric = key;
  }

  chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
  document.querySelectorAll(".map-metrics [data-metric]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll(".map-metrics [data-metric]").forEach(function (b) {
        b.classList.toggle("active", b === button);
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      draw(button.dataset.metric);
    });
  });
  draw("rating");
  window.addEventListener("resize", function () { chart.resize(); });
  element.dataset.rendered = "true";
})();
