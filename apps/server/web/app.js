// The sitrep page: map, timeline, event table, event view with the words
// behind each event, tally chart. Data only ever reaches the DOM as text
// (textContent / createTextNode), never as HTML.
"use strict";

const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const COLORS = {
  ASSAULT: "#d62728", COERCE: "#ff7f0e", MOBILIZE: "#8c564b", SANCTION: "#9467bd", PROTEST: "#e377c2",
  THREATEN: "#bcbd22", REJECT: "#7f7f7f", ACCUSE: "#c49c94", REQUEST: "#17becf", RETREAT: "#aec7e8",
  AID: "#2ca02c", COOPERATE: "#98df8a", CONCEDE: "#ffbb78", SUPPORT: "#1f77b4", CONSULT: "#9edae5", AGREE: "#393b79",
};
const ACLED = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
  "Strategic developments"];
const PAGE = 500;
const FIELDS = { from: "f-from", to: "f-to", type: "f-type", country: "f-country", actor: "f-actor", text: "f-text",
  min_killed: "f-min-killed" };

const state = { events: [], cursor: null, total: null, filter: {}, markers: new Map(), selected: null };

// el("td", {class: "x"}, "text", child…): children are strings (→ text nodes) or nodes.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "dataset") Object.assign(e.dataset, v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function num(v) { return v === null || v === undefined ? "–" : String(v); }
function status(msg) { document.getElementById("status").textContent = msg || ""; }

async function api(path) {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || ("HTTP " + res.status));
  return body;
}

function query(filter, extra) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(Object.assign({}, filter, extra || {})))
    if (v !== "" && v !== null && v !== undefined) p.set(k, v);
  return p.toString();
}

// ---- map -------------------------------------------------------------------

let map, markerLayer;
async function initMap() {
  map = L.map("map", { worldCopyJump: true, attributionControl: false, minZoom: 1, maxZoom: 12 }).setView([25, 20], 2);
  markerLayer = L.layerGroup().addTo(map);
  try {
    const topology = await api("/vendor/countries-10m.json");
    const countries = topo.feature(topology, "countries");
    L.geoJSON(countries, {
      style: { color: "#8a8f98", weight: 0.6, fillColor: "#eef0e8", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
    // Country names at the centre of each country's largest shape; a small
    // country's name appears only once zoomed in far enough to fit.
    countryLabels = new Map();
    for (const f of countries.features || []) {
      const name = f.properties && f.properties.name;
      if (!name) continue;
      const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      let best = null, area = -1;
      for (const poly of polys) {
        const b = L.latLngBounds(poly[0].map(([x, y]) => [y, x]));
        const a = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
        if (a > area) { area = a; best = b; }
      }
      if (!best || area < 0.5) continue;
      const minZoom = area > 300 ? 3 : area > 60 ? 4 : area > 12 ? 5 : 6;
      if (!countryLabels.has(minZoom)) countryLabels.set(minZoom, L.layerGroup());
      countryLabels.get(minZoom).addLayer(L.tooltip({ permanent: true, direction: "center", className: "country-label", interactive: false })
        .setLatLng(best.getCenter()).setContent(el("span", {}, name)));
    }
    map.on("zoomend", updateLabels);
  } catch (e) {
    status("basemap missing: " + e.message);
  }
  const legend = document.getElementById("legend");
  for (const t of PLOVER)
    legend.appendChild(el("span", { class: "key" }, el("i", { class: "swatch", dataset: { type: t } }), t));
  for (const s of legend.querySelectorAll(".swatch")) s.style.background = COLORS[s.dataset.type];
  legend.appendChild(el("span", { class: "key" }, el("i", { class: "pin town" }), "town or exact place"));
  legend.appendChild(el("span", { class: "key" }, el("i", { class: "pin region" }), "district or province"));
  legend.appendChild(el("span", { class: "key" }, el("i", { class: "pin country" }), "country only"));
  legend.appendChild(el("span", { class: "key" }, el("i", { class: "pin background" }), "background / unasserted"));
  legend.appendChild(el("span", { class: "key muted" }, "size: killed"));
}

// How a pin looks: solid for a town, dashed for a district or province, a
// hollow ring for a country centroid; grey and hollow for background or
// unasserted events (never shown as current).
function pinStyle(e) {
  const p = e.place || {};
  const color = COLORS[e.type] || "#444";
  const current = !e.background && (!e.modality || e.modality === "asserted");
  if (!current) return { color: "#777", weight: 1.5, dashArray: "2 3", fillOpacity: 0, className: "pin-background" };
  if (p.precision === "country") return { color, weight: 2, dashArray: "4 3", fillOpacity: 0.05, className: "pin-country" };
  if (p.precision === "admin1" || p.precision === "district")
    return { color, weight: 1.5, dashArray: "3 2", fillOpacity: 0.3, className: "pin-region" };
  return { color, weight: 1, fillOpacity: 0.6, className: "pin-town" };
}

// Labels legible by zoom: country names from zoom 3 (large ones) to 6 (small
// ones), the events' own places (sitrep's gazetteer names) from zoom 6.
let countryLabels = null, placeLabels = null;
function updateLabels() {
  if (!map) return;
  const z = map.getZoom();
  if (countryLabels) {
    for (const [minZoom, layer] of countryLabels) {
      if (z >= minZoom && !map.hasLayer(layer)) layer.addTo(map);
      if (z < minZoom && map.hasLayer(layer)) map.removeLayer(layer);
    }
  }
  if (placeLabels) {
    if (z >= 6 && !map.hasLayer(placeLabels)) placeLabels.addTo(map);
    if (z < 6 && map.hasLayer(placeLabels)) map.removeLayer(placeLabels);
  }
}

function radius(e) {
  const k = e.killed && e.killed.best ? e.killed.best : 0;
  return Math.min(30, 4 + 3 * Math.sqrt(k));
}

function drawMarkers() {
  markerLayer.clearLayers();
  state.markers.clear();
  const pts = [];
  for (const e of state.events) {
    const p = e.place;
    if (!p || typeof p.lat !== "number" || typeof p.lon !== "number") continue;
    const m = L.circleMarker([p.lat, p.lon], Object.assign({ radius: radius(e) }, pinStyle(e)));
    m.bindTooltip(el("span", {}, (e.date && e.date.start || "") + " " + e.type + " · " + (p.name || "") +
      (e.killed && e.killed.best ? " · " + e.killed.best + (e.killed.high === null ? "+" : "") + " killed" : "") +
      (p.precision && p.precision !== "town" && p.precision !== "exact" ? " · placed at " + p.precision + " level" : "") +
      (e.background ? " · background" : "") + (e.modality && e.modality !== "asserted" ? " · " + e.modality : "")));
    m.on("click", () => openEvent(e.id));
    m.addTo(markerLayer);
    state.markers.set(e.id, m);
    pts.push([p.lat, p.lon]);
  }
  if (placeLabels && map.hasLayer(placeLabels)) map.removeLayer(placeLabels);
  placeLabels = L.layerGroup();
  const named = new Set();
  for (const e of state.events) {
    const p = e.place;
    if (!p || typeof p.lat !== "number" || !p.name || p.precision === "country" || named.has(p.name)) continue;
    named.add(p.name);
    placeLabels.addLayer(L.tooltip({ permanent: true, direction: "right", offset: [8, 0], className: "place-label",
      interactive: false }).setLatLng([p.lat, p.lon]).setContent(el("span", {}, p.name)));
  }
  if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 7 });
  updateLabels();
}

// ---- timeline --------------------------------------------------------------

// Day axes in UTC: ticks at midnights, labelled YYYY-MM-DD.
const DAY = 86400;
function dayAxis() {
  return {
    space: 90,
    splits: (u, i, min, max) => {
      const span = Math.max(1, Math.ceil((max - min) / DAY / Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / 90))));
      const out = [];
      for (let t = Math.ceil(min / DAY) * DAY; t <= max; t += span * DAY) out.push(t);
      return out;
    },
    values: (u, splits) => splits.map((t) => new Date(t * 1000).toISOString().slice(0, 10)),
  };
}
// A day axis around the data: a week around a single day, never 1970 for no data.
function dayRange(u, min, max) {
  if (min === null || max === null || !isFinite(min) || !isFinite(max)) {
    const today = Math.floor(Date.now() / 1000 / DAY) * DAY;
    return [today - 7 * DAY, today];
  }
  if (max - min < 6 * DAY) {
    const pad = Math.ceil((6 * DAY - (max - min)) / 2 / DAY) * DAY;
    return [min - pad, max + pad];
  }
  return [min - DAY, max + DAY];
}
function isoDay(t) { return new Date(t * 1000).toISOString().slice(0, 10); }

// Dragging across the timeline sets the date filter to the days brushed.
function brushDates(u) {
  if (!u.select || u.select.width < 3) return;
  const a = u.posToVal(u.select.left, "x"), b = u.posToVal(u.select.left + u.select.width, "x");
  document.getElementById("f-from").value = isoDay(Math.floor(a / DAY) * DAY);
  document.getElementById("f-to").value = isoDay(Math.floor(b / DAY) * DAY);
  u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  applyFilter();
}

let timeline;
function drawTimeline() {
  const perDay = new Map();
  for (const e of state.events) {
    const d = e.date && e.date.start;
    if (!d) continue;
    const t = Date.parse(d + "T00:00:00Z") / 1000;
    const v = perDay.get(t) || [0, 0];
    v[0] += 1;
    v[1] += e.killed && e.killed.best ? e.killed.best : 0;
    perDay.set(t, v);
  }
  const xs = [...perDay.keys()].sort((a, b) => a - b);
  const data = [xs, xs.map((x) => perDay.get(x)[0]), xs.map((x) => perDay.get(x)[1])];
  const box = document.getElementById("timeline");
  const width = Math.max(280, box.clientWidth);
  if (timeline) { timeline.destroy(); timeline = null; }
  clear(box);
  if (!xs.length) {
    box.appendChild(el("p", { class: "empty muted" }, "No dated events match the filter."));
    return;
  }
  timeline = new uPlot({
    width, height: 180,
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: { setSelect: [brushDates] },
    scales: { x: { time: false, range: dayRange }, n: { range: (u, min, max) => [0, Math.max(1, max)] },
      k: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [dayAxis(), { scale: "n", label: "events", size: 50 },
      { scale: "k", side: 1, label: "killed", size: 60, grid: { show: false } }],
    series: [
      { label: "day", value: (u, v) => v === null ? "–" : new Date(v * 1000).toISOString().slice(0, 10) },
      { label: "events", scale: "n", stroke: "#1f77b4", fill: "rgba(31,119,180,0.3)",
        paths: uPlot.paths.bars({ size: [0.6, 40] }), points: { show: false } },
      { label: "killed", scale: "k", stroke: "#d62728", width: 2 },
    ],
  }, data, box);
}

// ---- table -----------------------------------------------------------------

function actors(e) {
  const a = e.actor ? e.actor.name : "";
  const r = e.recipient ? e.recipient.name : "";
  return a && r ? a + " → " + r : a || r;
}

function drawTable() {
  const tbody = document.querySelector("#events tbody");
  clear(tbody);
  for (const e of state.events) {
    const k = e.killed || {};
    const tr = el("tr", { dataset: { id: e.id }, tabindex: "0", onclick: () => openEvent(e.id),
      onkeydown: (ev) => { if (ev.key === "Enter") openEvent(e.id); } },
      el("td", {}, e.date && e.date.start || "–"),
      el("td", {}, el("i", { class: "swatch", dataset: { type: e.type } }), e.type),
      el("td", {}, e.place && e.place.name || ""),
      el("td", {}, e.place && e.place.country || ""),
      el("td", {}, actors(e), e.background ? el("span", { class: "tag" }, "background") : null,
        e.modality && e.modality !== "asserted" ? el("span", { class: "tag" }, e.modality) : null),
      el("td", { class: "num" }, k.best === null || k.best === undefined ? "–"
        : num(k.low) + "/" + num(k.best) + "/" + (k.high === null || k.high === undefined ? "open" : num(k.high))),
      el("td", { class: "num" }, num(e.reports)));
    if (e.id === state.selected) tr.classList.add("selected");
    tbody.appendChild(tr);
  }
  for (const s of tbody.querySelectorAll(".swatch")) s.style.background = COLORS[s.dataset.type] || "#444";
  const total = typeof state.total === "number" ? state.total : null;
  document.getElementById("count").textContent = total !== null
    ? state.events.length + " of " + total + " shown"
    : state.events.length + (state.cursor ? "+" : "") + " shown";
  if (!state.events.length)
    tbody.appendChild(el("tr", { class: "empty" }, el("td", { colspan: "7" }, "No events match the filter.")));
  document.getElementById("more").hidden = !state.cursor;
}

// ---- loading -----------------------------------------------------------------

function readFilter() {
  const f = {};
  for (const [k, id] of Object.entries(FIELDS)) {
    const v = document.getElementById(id).value.trim();
    if (v) f[k] = v;
  }
  if (document.getElementById("f-all").checked) { f.background = "include"; f.modality = "any"; }
  return f;
}

// The filter lives in the page's URL, so a link or a reload shows the same view.
function writeURL() {
  const q = query(state.filter);
  history.replaceState(null, "", q ? "?" + q : location.pathname);
  const fmt = document.getElementById("export-format").value;
  document.getElementById("export").href = "/api/export?" + query(state.filter, { format: fmt });
}
function readURL() {
  const p = new URLSearchParams(location.search);
  for (const [k, id] of Object.entries(FIELDS)) if (p.has(k)) document.getElementById(id).value = p.get(k);
  document.getElementById("f-all").checked = p.get("background") === "include";
  return readFilter();
}
function applyFilter() {
  state.filter = readFilter();
  writeURL();
  loadEvents(false);
}

async function loadEvents(append) {
  status("loading…");
  try {
    const extra = { limit: PAGE };
    if (append && state.cursor) extra.cursor = state.cursor;
    const r = await api("/api/events?" + query(state.filter, extra));
    state.events = append ? state.events.concat(r.events) : r.events;
    state.cursor = r.next_cursor;
    state.total = r.total;
    drawMarkers();
    drawTimeline();
    drawTable();
    status("");
  } catch (e) {
    status("error: " + e.message);
  }
}

async function loadStats() {
  try {
    const s = await api("/api/stats");
    document.getElementById("stats").textContent = s.events + " events from " + s.reports + " reports in " +
      s.documents + " documents" + (s.first_date ? ", " + s.first_date + " – " + s.last_date : "");
  } catch (e) {
    status("error: " + e.message);
  }
}

// ---- event view ----------------------------------------------------------------

// Renders `text` with spans [{start, end, cls, title}] given in UTF-8 byte
// offsets; overlapping spans nest as one <mark> per segment with every class.
function highlighted(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const cuts = new Set([0, bytes.length]);
  const ok = spans.filter((s) => s.start >= 0 && s.end <= bytes.length && s.start < s.end);
  for (const s of ok) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = el("div", { class: "report-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = dec.decode(bytes.subarray(a, b));
    const active = ok.filter((s) => s.start <= a && s.end >= b);
    if (!active.length) { out.appendChild(document.createTextNode(piece)); continue; }
    const cls = [...new Set(active.map((s) => s.cls))].join(" ");
    const title = active.map((s) => s.title).filter(Boolean).join("; ");
    out.appendChild(el("mark", { class: cls, title: title || null }, piece));
  }
  return out;
}

function casualtyRow(label, c) {
  c = c || {};
  return el("tr", {}, el("th", {}, label), el("td", {}, num(c.low)), el("td", {}, num(c.best)), el("td", {}, num(c.high)));
}

async function openEvent(id) {
  state.selected = id;
  for (const tr of document.querySelectorAll("#events tbody tr"))
    tr.classList.toggle("selected", tr.dataset.id === id);
  const view = clear(document.getElementById("event-view"));
  view.appendChild(el("p", { class: "muted" }, "loading " + id + "…"));
  let e;
  try {
    e = await api("/api/events/" + encodeURIComponent(id));
  } catch (err) {
    clear(view).appendChild(el("p", { class: "error" }, err.message));
    return;
  }
  const m = state.markers.get(id);
  if (m) map.panTo(m.getLatLng());
  const p = e.place || {};
  clear(view);
  view.appendChild(el("h2", {}, e.type + (e.mode ? " (" + e.mode + ")" : "") + " · " + (p.name || "unknown place") +
    (e.background ? " · background" : "") + (e.modality && e.modality !== "asserted" ? " · " + e.modality : "")));
  view.appendChild(el("p", { class: "meta" },
    (e.date && e.date.start || "undated") + (e.date && e.date.end && e.date.end !== e.date.start ? " – " + e.date.end : "") +
    (e.date && e.date.precision ? " (" + e.date.precision + ")" : "") +
    (p.country ? " · " + p.country : "") + (p.admin1 ? " · " + p.admin1 : "") +
    (e.acled ? " · ACLED: " + e.acled.event_type + " / " + (e.acled.sub_event_type || "") : "")));
  if (actors(e)) view.appendChild(el("p", { class: "actors" }, actors(e)));
  view.appendChild(el("table", { class: "casualties" },
    el("tr", {}, el("th", {}), el("th", {}, "low"), el("th", {}, "best"), el("th", {}, "high")),
    casualtyRow("killed", e.killed), casualtyRow("injured", e.injured)));
  view.appendChild(el("p", { class: "sources" }, "Sources: " + ((e.sources || []).join(", ") || "–") +
    " · " + (e.report_list || []).length + " report(s)" +
    (e.first_seen ? " · seen " + e.first_seen + (e.last_seen && e.last_seen !== e.first_seen ? " – " + e.last_seen : "") : "")));
  view.appendChild(el("p", { class: "legend-marks" },
    el("mark", { class: "evidence" }, "evidence"), " ", el("mark", { class: "ent-PERSON" }, "person"), " ",
    el("mark", { class: "ent-ORG" }, "organisation"), " ", el("mark", { class: "ent-PLACE" }, "place"), " ",
    el("mark", { class: "ent-GROUP" }, "group"), " ", el("mark", { class: "number" }, "number"), " ",
    el("mark", { class: "why" }, "a rule's words")));
  for (const r of e.report_list || []) view.appendChild(await reportView(r));
  const box = view.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight - 40) view.scrollIntoView({ block: "start" });
}

async function reportView(r) {
  const box = el("article", { class: "report", dataset: { report: r.id } },
    el("h3", {}, (r.title || r.document) + ""),
    el("p", { class: "meta" }, (r.published || "") + (r.source ? " · " + r.source : "") +
      (r.event && r.event.modality && r.event.modality !== "asserted" ? " · " + r.event.modality : "")));
  if (r.url && /^https?:\/\//.test(r.url)) box.appendChild(el("a", { href: r.url, rel: "noopener noreferrer", target: "_blank" }, r.url));
  let doc;
  try {
    doc = await api("/api/documents/" + encodeURIComponent(r.document));
  } catch (err) {
    for (const t of r.evidence_text || []) box.appendChild(el("blockquote", {}, t));
    box.appendChild(whyView(r.explain));
    return box;
  }
  const spans = [];
  const evidence = r.event && Array.isArray(r.event.evidence) ? r.event.evidence : [];
  for (const s of evidence) spans.push({ start: s.start, end: s.end, cls: "evidence", title: "evidence" });
  const hasNumbers = (doc.spans || []).some((s) => s.kind === "number");
  if (!hasNumbers) spans.push(...casualtyWords(doc.text || "", evidence, r.event && r.event.casualties));
  for (const s of doc.spans || []) {
    if (s.kind === "evidence") {
      if (s.ref === r.id && !evidence.length) spans.push({ start: s.start, end: s.end, cls: "evidence", title: "evidence" });
    } else if (s.kind === "entity") {
      spans.push({ start: s.start, end: s.end, cls: "ent-" + s.label, title: s.label + (s.name ? ": " + s.name : "") });
    } else if (s.kind === "number") {
      spans.push({ start: s.start, end: s.end, cls: "number", title: "number" });
    }
  }
  spans.push(...whySpans(r.explain));
  box.appendChild(highlighted(doc.text || "", spans));
  box.appendChild(whyView(r.explain));
  return box;
}

// ---- why: the rule behind each field (sitrep extract --explain) -----------------

const WHY_ORDER = ["type", "mode", "actor", "recipient", "place", "date", "killed", "injured", "missing", "arrested",
  "displaced", "attribution", "modality"];

// [[field, [rule…]]] in the order above (then any other field), each rule
// {rule, detail, text, span}; a report without records gives [].
function whyRules(explain) {
  if (!explain || typeof explain !== "object") return [];
  const fields = Object.keys(explain).sort((a, b) => {
    const i = WHY_ORDER.indexOf(a), j = WHY_ORDER.indexOf(b);
    return (i < 0 ? WHY_ORDER.length : i) - (j < 0 ? WHY_ORDER.length : j) || a.localeCompare(b);
  });
  return fields.map((f) => [f, [].concat(explain[f]).filter((r) => r && typeof r.rule === "string")]);
}

// The words each rule matched, marked in the report text (byte spans).
function whySpans(explain) {
  const out = [];
  for (const [field, rules] of whyRules(explain))
    for (const r of rules)
      if (Array.isArray(r.span) && r.span.length === 2)
        out.push({ start: r.span[0], end: r.span[1], cls: "why", title: field + ": " + r.rule });
  return out;
}

// A table: per field the rule that decided it and the words it matched.
function whyView(explain) {
  const rows = whyRules(explain);
  const box = el("div", { class: "explain" }, el("h4", {}, "Why: the rule behind each field"));
  if (!rows.length) {
    box.appendChild(el("p", { class: "muted" }, "No rule records for this report (reports stored before schema 6 have none)."));
    return box;
  }
  const table = el("table", { class: "why-rules" },
    el("tr", {}, el("th", {}, "field"), el("th", {}, "rule"), el("th", {}, "words")));
  for (const [field, rules] of rows)
    rules.forEach((r, i) => table.appendChild(el("tr", { dataset: { field } },
      el("td", { class: "field" }, i === 0 ? field : ""),
      el("td", {}, el("code", { class: "rule" }, r.rule), r.detail ? el("span", { class: "muted" }, " " + r.detail) : null),
      el("td", { class: "words" }, typeof r.text === "string" ? "“" + r.text + "”" : el("span", { class: "muted" }, "no words")))));
  box.appendChild(table);
  return box;
}

// The words each casualty figure was read from ("at least 37"), found inside
// the evidence, for stores that keep no number spans.
function casualtyWords(text, evidence, casualties) {
  const out = [];
  if (!casualties) return out;
  const bytes = new TextEncoder().encode(text);
  for (const metric of ["killed", "injured", "missing", "arrested", "displaced"]) {
    const c = casualties[metric];
    if (!c || !c.text) continue;
    const needle = new TextEncoder().encode(c.text);
    for (const ev of evidence) {
      const at = indexOfBytes(bytes, needle, ev.start, ev.end);
      if (at >= 0) { out.push({ start: at, end: at + needle.length, cls: "number", title: metric }); break; }
    }
  }
  return out;
}
function indexOfBytes(hay, needle, from, to) {
  if (!needle.length) return -1;
  outer: for (let i = Math.max(0, from); i + needle.length <= Math.min(hay.length, to); i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

// ---- tallies ---------------------------------------------------------------------

let tallyPlot, tallySeries = [];
async function loadTallies() {
  const sel = document.getElementById("tally-series");
  try {
    const r = await api("/api/tallies");
    tallySeries = r.series || [];
  } catch (e) {
    tallySeries = [];
  }
  clear(sel);
  tallySeries.forEach((s, i) => sel.appendChild(el("option", { value: String(i) },
    s.metric + " · " + (s.group || "all") + (s.place ? " · " + s.place : "") + (s.source ? " · " + s.source : ""))));
  if (!tallySeries.length) sel.appendChild(el("option", { value: "" }, "no tallies"));
  drawTally();
}

function drawTally() {
  const box = document.getElementById("tally-chart");
  if (tallyPlot) { tallyPlot.destroy(); tallyPlot = null; }
  clear(box);
  const s = tallySeries[Number(document.getElementById("tally-series").value)];
  if (!s) return;
  const pts = (s.points || []).filter((p) => p.as_of).sort((a, b) => a.as_of.localeCompare(b.as_of));
  if (!pts.length) { box.appendChild(el("p", { class: "empty muted" }, "This series has no dated points.")); return; }
  const xs = pts.map((p) => Date.parse(p.as_of + "T00:00:00Z") / 1000);
  tallyPlot = new uPlot({
    width: Math.max(280, box.clientWidth), height: 180,
    scales: { x: { time: false, range: dayRange },
      y: { range: (u, min, max) => [0, Math.max(1, Math.ceil((max || 0) * 1.1))] } },
    axes: [dayAxis(), { size: 70 }],
    series: [{ label: "day", value: (u, v) => v === null ? "–" : new Date(v * 1000).toISOString().slice(0, 10) },
      { label: s.metric + " (low)", stroke: "#d62728", width: 2, points: { show: true, size: 7 } },
      { label: s.metric + " (high)", stroke: "#ff9896", dash: [4, 4] }],
  }, [xs, pts.map((p) => p.low), pts.map((p) => p.high)], box);
}

// ---- start -----------------------------------------------------------------------

function init() {
  for (const t of ACLED) document.getElementById("f-type-acled").appendChild(el("option", { value: t }, t));
  for (const t of PLOVER) document.getElementById("f-type-plover").appendChild(el("option", { value: t }, t));
  document.getElementById("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    applyFilter();
  });
  document.getElementById("clear-filters").addEventListener("click", () => {
    document.getElementById("filters").reset();
    applyFilter();
  });
  document.getElementById("export-format").addEventListener("change", writeURL);
  state.filter = readURL();
  writeURL();
  document.getElementById("more").addEventListener("click", () => loadEvents(true));
  document.getElementById("tally-series").addEventListener("change", drawTally);
  if (typeof L === "undefined" || typeof uPlot === "undefined") {
    status("the page's libraries are missing: run scripts/setup.sh and rebuild");
    return;
  }
  initMap().then(() => loadEvents(false));
  loadStats();
  loadTallies();
}

document.addEventListener("DOMContentLoaded", init);
