import { el, formatNumber } from "./dom.js";

// A sequential ramp for any indicator, light to dark; withheld (<5) and
// missing values get their own greys so they are never read as low.
const RAMP = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
const NO_VALUE = "#e0e0e0";
const WITHHELD = "#b0b0b0";

export function breaks(values) {
  const numbers = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
  if (!numbers.length) return [];
  const min = numbers[0];
  const max = numbers[numbers.length - 1];
  if (min === max) return [min];
  const step = (max - min) / RAMP.length;
  return RAMP.map((_, i) => min + step * (i + 1));
}

export function colourFor(value, classBreaks) {
  if (value === null || value === undefined) return NO_VALUE;
  if (typeof value === "string") return WITHHELD;
  if (classBreaks.length <= 1) return RAMP[2];
  const index = classBreaks.findIndex((b) => value <= b);
  return RAMP[index === -1 ? RAMP.length - 1 : index];
}

export function styleBy(key, config) {
  const features = config.rts.features;
  if (key === "level") {
    return {
      style: (f) => ({
        color: "#333",
        weight: 1,
        fillOpacity: 0.7,
        fillColor: config.levelColours[f.properties.level],
      }),
      legend: Object.entries(config.labels.levels).map(([level, label]) => [
        config.levelColours[level],
        label,
      ]),
    };
  }
  const classBreaks = breaks(features.map((f) => f.properties.values[key]));
  const entries = [];
  let lower = null;
  for (const [i, upper] of classBreaks.entries()) {
    const from = lower === null ? upper : lower;
    const text = classBreaks.length === 1 ? formatNumber(upper) : `${formatNumber(from)} – ${formatNumber(upper)}`;
    entries.push([classBreaks.length === 1 ? RAMP[2] : RAMP[i], text]);
    lower = upper;
  }
  if (classBreaks.length > 1) {
    const min = Math.min(...features.map((f) => f.properties.values[key]).filter((v) => typeof v === "number"));
    entries[0][1] = `${formatNumber(min)} – ${formatNumber(classBreaks[0])}`;
  }
  entries.push([NO_VALUE, config.labels.noValue]);
  if (config.public) entries.push([WITHHELD, config.labels.suppressed]);
  return {
    style: (f) => ({
      color: "#333",
      weight: 1,
      fillOpacity: 0.75,
      fillColor: colourFor(f.properties.values[key], classBreaks),
    }),
    legend: entries,
  };
}

export function legendControl(map, title) {
  const control = L.control({ position: "bottomright" });
  let box;
  control.onAdd = () => {
    box = L.DomUtil.create("details", "legend perda-legend");
    box.open = window.innerWidth >= 600;
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  control.addTo(map);
  control.show = (heading, entries) => {
    box.replaceChildren(el("summary", { text: title }), el("b", { text: heading }));
    for (const [colour, text] of entries) {
      box.append(el("div", { className: "legend-row" }, el("i", { style: { background: colour } }), text));
    }
  };
  return control;
}
