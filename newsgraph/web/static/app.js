/* newsgraph web UI: plain JS + SVG, no framework, nothing loaded from outside the app.
 * Every piece of article text goes into the page as a text node (el() below), never as HTML,
 * so what an article says can never become markup. */
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const QUAD_VAR = ["--q0", "--q1", "--q2", "--q3", "--q4"];
const STANCE_ORDER = ["asserts", "confirms", "denies", "questions"];
const EVENT_FILTERS = ["actor", "type", "since", "until", "place", "modality", "q"];
let META = null;

/* -- DOM helpers ------------------------------------------------------------------------ */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
}
function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
function view() { return document.getElementById("view"); }
function show(...nodes) { const v = view(); v.replaceChildren(...nodes.flat().filter(Boolean)); }

/* -- data ------------------------------------------------------------------------------- */
async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  const url = path + (qs.toString() ? "?" + qs : "");
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.msg).join("; ") : body.detail;
    throw new Error(detail || res.statusText);
  }
  return body;
}
function currentFilters(names) {
  const qs = new URLSearchParams(location.search);
  const out = {};
  for (const n of names) if (qs.get(n)) out[n] = qs.get(n);
  return out;
}
function typeColour(type) {
  const t = META && META.event_types.find((x) => x.type === type);
  const quad = t ? t.quad_class : 0;
  const family = META ? META.event_types.filter((x) => x.quad_class === quad).map((x) => x.type) : [type];
  const base = getComputedStyle(document.documentElement).getPropertyValue(QUAD_VAR[quad] || "--q0").trim();
  const i = Math.max(0, family.indexOf(type));
  return shade(base, (i - (family.length - 1) / 2) * 0.16);
}
function shade(hex, amount) {
  const n = parseInt(hex.replace("#", ""), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => Math.round(amount < 0 ? c * (1 + amount) : c + (255 - c) * amount));
  return "#" + ch.map((c) => c.toString(16).padStart(2, "0")).join("");
}
function chip(type) { return el("span", { class: "chip", style: `background:${typeColour(type)}` }, type); }
function actorsText(names, ids) { return (names && names.length ? names : ids ? ids.split(";") : []).join(", "); }
function dayOf(d) { return d ? String(d).slice(0, 10) : ""; }
function link(href, text) { return el("a", { href }, text); }
function errorBox(err) { return el("p", { class: "error" }, "Could not load: " + err.message); }

/* -- filters form ------------------------------------------------------------------------- */
function setupFilters(kind) {
  const form = document.getElementById("filters");
  const eventKinds = ["timeline", "network", "map"];
  form.hidden = !(eventKinds.includes(kind) || kind === "claims");
  form.classList.toggle("claims-mode", kind === "claims");
  for (const label of form.querySelectorAll("label")) {
    const name = label.querySelector("[name]").name;
    const claimsOnly = name === "stance";
    const forClaims = ["actor", "since", "until", "q", "stance"].includes(name);
    label.hidden = kind === "claims" ? !forClaims : claimsOnly;
  }
  const qs = new URLSearchParams(location.search);
  for (const input of form.querySelectorAll("[name]")) input.value = qs.get(input.name) || "";
  form.onsubmit = (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const input of form.querySelectorAll("[name]")) if (input.value && !input.closest("label").hidden) next.set(input.name, input.value);
    history.pushState(null, "", location.pathname + (next.toString() ? "?" + next : ""));
    route();
  };
  document.getElementById("reset").onclick = () => { history.pushState(null, "", location.pathname); route(); };
  const dl = form.querySelector(".downloads");
  const qsNow = location.search;
  if (eventKinds.includes(kind)) {
    dl.replaceChildren("Download events: ", link("/api/download/events.csv" + qsNow, "CSV"), " · ", link("/api/download/events.jsonl" + qsNow, "JSONL"));
  } else if (kind === "claims") {
    dl.replaceChildren("Download claims: ", link("/api/download/claims.csv" + qsNow, "CSV"), " · ", link("/api/download/claims.jsonl" + qsNow, "JSONL"));
  } else dl.replaceChildren();
}
function fillVocabularies() {
  const form = document.getElementById("filters");
  const fill = (name, values) => {
    const sel = form.querySelector(`select[name=${name}]`);
    for (const v of values) sel.append(el("option", { value: v }, v));
  };
  fill("type", META.event_types.map((t) => t.type));
  fill("modality", META.modalities);
  fill("stance", META.stances);
  const c = META.counts;
  document.getElementById("counts").textContent = `${c.articles} articles · ${c.events} events · ${c.quotes} quotes · ${c.claims} claims`;
}

/* -- timeline ----------------------------------------------------------------------------- */
async function timelineView() {
  const filters = currentFilters(EVENT_FILTERS);
  let page;
  // the latest 500 events (the newest page, shown oldest first); narrower filters show more
  try { page = await api("/api/events", { ...filters, limit: 500, sort: "date", desc: true }); } catch (e) { return show(errorBox(e)); }
  const events = page.items.slice().reverse();
  const title = el("h1", {}, "Timeline ", el("span", { class: "muted", id: "result-count" }, `${page.total} events`));
  if (!events.length) return show(title, el("p", { class: "muted" }, "No events match these filters."));
  const types = [...new Set(events.map((e) => e.event_type))].sort((a, b) => META.event_types.findIndex((t) => t.type === a) - META.event_types.findIndex((t) => t.type === b));
  // One column per day that has events (quiet stretches take no room), one lane per type;
  // events of the same day and type sit side by side, so no dot hides another.
  const days = [...new Set(events.map((e) => dayOf(e.date)))];
  const perCell = {};
  for (const e of events) { const k = dayOf(e.date) + "|" + e.event_type; perCell[k] = (perCell[k] || 0) + 1; }
  const left = 92, lane = 28, top = 12, step = 16, bottom = 78;
  const colStart = {}, colWidth = {};
  let xCursor = left;
  for (const d of days) {
    colStart[d] = xCursor;
    colWidth[d] = Math.max(...types.map((t) => perCell[d + "|" + t] || 0)) * step + 22;
    xCursor += colWidth[d];
  }
  const W = Math.max(xCursor + 10, 900), H = top + types.length * lane + bottom;
  const chart = svg("svg", { class: "chart timeline", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": "Timeline of events by type and day" });
  types.forEach((t, i) => {
    const y = top + i * lane + lane / 2;
    chart.append(svg("line", { class: "grid", x1: left, x2: W - 10, y1: y, y2: y }));
    chart.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, t));
  });
  days.forEach((d, i) => {
    const x = colStart[d] + colWidth[d] / 2, y = top + types.length * lane + 8;
    if (i) chart.append(svg("line", { class: "grid", x1: colStart[d], x2: colStart[d], y1: top, y2: y - 6 }));
    chart.append(svg("text", { x, y, transform: `rotate(-40 ${x} ${y})`, "text-anchor": "end" }, d));
  });
  const placed = {};
  for (const e of events) {
    const d = dayOf(e.date), k = d + "|" + e.event_type;
    const n = (placed[k] = (placed[k] || 0) + 1) - 1;
    const cx = colStart[d] + 18 + n * step, cy = top + types.indexOf(e.event_type) * lane + lane / 2;
    const who = `${actorsText(e.actor_names, e.actor_ids) || "?"} → ${actorsText(e.recipient_names, e.recipient_ids) || "?"}`;
    const dot = svg("circle", {
      class: "ev", cx, cy, r: Math.min(6 + (e.num_mentions || 1) - 1, 7.5), fill: typeColour(e.event_type),
      tabindex: 0, "data-id": e.id, "data-type": e.event_type, "data-date": d, role: "link",
      "aria-label": `${e.event_type} ${d} ${who}${e.place_name ? " in " + e.place_name : ""}`,
    }, svg("title", {}, `${d}${e.date_precision && e.date_precision !== "day" ? " (" + e.date_precision + ")" : ""} ${e.event_type}: ${who}${e.place_name ? " in " + e.place_name : ""} — “${e.trigger_text || ""}”`));
    const go = () => { location.href = "/events/" + encodeURIComponent(e.id); };
    dot.addEventListener("click", go);
    dot.addEventListener("keydown", (ev) => { if (ev.key === "Enter") go(); });
    chart.append(dot);
  }
  const scroller = el("div", { class: "chartscroll" }, chart);
  const legend = el("div", { class: "legend" }, types.map(chip));
  show(title, legend, scroller, eventTable(events), page.next_cursor ? el("p", { class: "muted" }, `Showing the latest ${events.length} of ${page.total}; narrow the filters (dates, type, actor) or download to see all.`) : null);
}
function eventTable(events) {
  const rows = events.map((e) => el("tr", { "data-id": e.id },
    el("td", {}, dayOf(e.date), e.date_precision && e.date_precision !== "day" ? el("span", { class: "muted" }, ` (${e.date_precision})`) : null),
    el("td", {}, chip(e.event_type), e.modality !== "asserted" ? el("span", { class: "muted" }, " " + e.modality) : null),
    el("td", {}, actorsText(e.actor_names, e.actor_ids)),
    el("td", {}, actorsText(e.recipient_names, e.recipient_ids)),
    el("td", { class: "hide-narrow" }, e.place_name ? `${e.place_name} ${e.country || ""}` : ""),
    el("td", {}, link("/events/" + encodeURIComponent(e.id), e.trigger_text ? `“${e.trigger_text}”` : "evidence"))));
  return el("div", { class: "tablewrap" }, el("table", { class: "events" },
    el("thead", {}, el("tr", {}, ["Date", "Type", "Actor", "Recipient", "Place", "Evidence"].map((h) => el("th", { class: h === "Place" ? "hide-narrow" : null }, h)))),
    el("tbody", {}, rows)));
}

/* -- event ------------------------------------------------------------------------------------ */
async function eventView(id) {
  let e;
  try { e = await api("/api/events/" + encodeURIComponent(id)); } catch (err) { return show(errorBox(err)); }
  const head = el("h1", {}, chip(e.event_type), " ", `${actorsText(e.actor_names, e.actor_ids) || "?"} → ${actorsText(e.recipient_names, e.recipient_ids) || "?"}`);
  const facts = el("dl", { class: "kv panel" },
    el("dt", {}, "Date"), el("dd", {}, dayOf(e.date) + (e.date_end && dayOf(e.date_end) !== dayOf(e.date) ? " – " + dayOf(e.date_end) : ""), ` (${e.date_precision || "?"})`, e.date_fallback ? " · from the article date" : ""),
    el("dt", {}, "Modality"), el("dd", {}, e.modality + (e.mode ? ` · mode ${e.mode}` : "") + (e.context ? ` · context ${e.context}` : "")),
    el("dt", {}, "Place"), el("dd", {}, e.place_name ? `${e.place_name} (${e.country || ""})` : "—"),
    el("dt", {}, "CAMEO / Goldstein"), el("dd", {}, `${e.cameo || "—"} / ${e.goldstein ?? "—"} (quad class ${e.quad_class ?? "—"})`),
    el("dt", {}, "Confidence"), el("dd", {}, e.confidence != null ? e.confidence.toFixed(2) : "—"),
    el("dt", {}, "Reported in"), el("dd", {}, `${e.num_mentions} mention(s), ${e.num_articles} article(s), ${e.num_sources} source(s)`));
  const legend = el("div", { class: "legend" }, ["trigger", "actor", "recipient", "time", "place"].map((r) => el("mark", { class: r }, r)));
  const mentions = e.mentions.map((m) => el("div", { class: "panel mention", id: "m-" + m.id },
    el("div", { class: "muted" }, dayOf(m.published), " · ", link(`/articles/${encodeURIComponent(m.article_id)}#m-${m.id}`, m.title || m.article_id), m.source ? " · " + m.source : "", ` · sentence ${m.sentence_index + 1}`),
    el("p", { class: "sentence evidence" }, m.pieces.map((p) => (p.role ? el("mark", { class: p.role, title: p.role }, p.text) : p.text))),
    el("div", { class: "muted" }, `“${m.trigger_text}” at ${m.trigger_start}–${m.trigger_end}`,
      m.time_phrase ? ` · time “${m.time_phrase}” → ${m.time_value || ""} (${m.time_resolution || ""})` : "",
      m.place_text ? ` · place “${m.place_text}” (${m.place_reason || ""})` : "", ` · ${m.extractor || ""}`)));
  const arts = el("ul", { class: "articles" }, e.articles.map((a) => el("li", {}, link("/articles/" + encodeURIComponent(a.id), a.title || a.id), " ", el("span", { class: "muted" }, a.published))));
  show(head, facts, el("h2", {}, "Evidence"), legend, mentions, el("h2", {}, "Articles behind this event"), arts);
}

/* -- network ---------------------------------------------------------------------------------- */
async function networkView() {
  const filters = currentFilters(EVENT_FILTERS);
  let net;
  try { net = await api("/api/network", { ...filters, limit: 150 }); } catch (e) { return show(errorBox(e)); }
  const title = el("h1", {}, "Actor network ", el("span", { class: "muted" }, `${net.nodes.length} actors · ${net.edges.length} links`));
  if (!net.nodes.length) return show(title, el("p", { class: "muted" }, "No actor-to-recipient events match these filters."));
  const W = 1000, H = 620;
  const pos = layout(net.nodes, net.edges, W, H);
  const chart = svg("svg", { class: "chart network", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Network of actors" });
  const defs = svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#7a848d" })));
  chart.append(defs);
  const maxN = Math.max(...net.edges.map((e) => e.events));
  const radius = (n) => 6 + 10 * Math.sqrt(n.events / Math.max(...net.nodes.map((m) => m.events)));
  const byId = Object.fromEntries(net.nodes.map((n) => [n.id, n]));
  const detail = el("div", { class: "panel", id: "edge-detail" }, el("span", { class: "muted" }, "Click a link to list its events, or an actor to see its timeline."));
  for (const e of net.edges) {
    const a = pos[e.source], b = pos[e.target];
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const rb = radius(byId[e.target]) + 3;
    const g = e.mean_goldstein ?? 0;
    const colour = g < -1 ? "#c0392b" : g > 1 ? "#2e8b57" : "#7a848d";
    const line = svg("line", { class: "edge", x1: a.x, y1: a.y, x2: b.x - (dx / len) * rb, y2: b.y - (dy / len) * rb, stroke: colour,
      "stroke-width": 1 + 4 * (e.events / maxN), "stroke-opacity": 0.75, "marker-end": "url(#arrow)", "data-source": e.source, "data-target": e.target },
    svg("title", {}, `${byId[e.source].name} → ${byId[e.target].name}: ${e.events} event(s), mean Goldstein ${e.mean_goldstein}, ${e.types.join(", ")}`));
    // a wide transparent twin makes a thin link easy to click or tap
    const hit = svg("line", { class: "edge-hit", x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "transparent", "stroke-width": 12 });
    for (const target of [line, hit]) target.addEventListener("click", () => edgeDetail(detail, e, byId));
    chart.append(line, hit);
  }
  for (const n of net.nodes) {
    const p = pos[n.id];
    const node = svg("circle", { class: "node", cx: p.x, cy: p.y, r: radius(n), fill: n.kind === "unresolved" ? "#b0b6bc" : "#1f5fa8", tabindex: 0, "data-id": n.id },
      svg("title", {}, `${n.name} (${n.id}) · ${n.events} event link(s)`));
    const go = () => { location.href = "/timeline?actor=" + encodeURIComponent(n.id); };
    node.addEventListener("click", go);
    node.addEventListener("keydown", (ev) => { if (ev.key === "Enter") go(); });
    chart.append(node, svg("text", { class: "label", x: p.x + radius(n) + 3, y: p.y + 4 }, n.name));
  }
  const table = el("div", { class: "tablewrap" }, el("table", { class: "edges" },
    el("thead", {}, el("tr", {}, ["Actor", "Recipient", "Events", "Mean Goldstein", "Types"].map((h) => el("th", {}, h)))),
    el("tbody", {}, net.edges.map((e) => el("tr", {},
      el("td", {}, link("/timeline?actor=" + encodeURIComponent(e.source), byId[e.source].name)),
      el("td", {}, link("/timeline?actor=" + encodeURIComponent(e.target), byId[e.target].name)),
      el("td", {}, e.events), el("td", {}, e.mean_goldstein ?? ""), el("td", {}, e.types.map(chip)))))));
  show(title, chart, detail, table);
}
function edgeDetail(box, e, byId) {
  box.replaceChildren(el("strong", {}, `${byId[e.source].name} → ${byId[e.target].name}`), ` · ${e.events} event(s) · mean Goldstein ${e.mean_goldstein}`,
    el("ul", {}, e.event_ids.map((id) => el("li", {}, link("/events/" + encodeURIComponent(id), "event " + id)))));
}
/* A small force layout: repulsion between all nodes, springs along edges, pull to the centre. */
function layout(nodes, edges, W, H) {
  const pos = {};
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    pos[n.id] = { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a), vx: 0, vy: 0 };
  });
  const k = Math.sqrt((W * H) / Math.max(nodes.length, 1)) * 0.55;
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    for (const a of nodes) {
      const p = pos[a.id];
      for (const b of nodes) {
        if (a === b) continue;
        const q = pos[b.id];
        let dx = p.x - q.x, dy = p.y - q.y;
        const d2 = Math.max(dx * dx + dy * dy, 1);
        p.vx += (dx * k * k) / d2 / 8; p.vy += (dy * k * k) / d2 / 8;
      }
      p.vx += (W / 2 - p.x) * 0.01; p.vy += (H / 2 - p.y) * 0.01;
    }
    for (const e of edges) {
      const p = pos[e.source], q = pos[e.target];
      const dx = q.x - p.x, dy = q.y - p.y, d = Math.hypot(dx, dy) || 1;
      const f = (d - k) * 0.05;
      p.vx += (dx / d) * f; p.vy += (dy / d) * f; q.vx -= (dx / d) * f; q.vy -= (dy / d) * f;
    }
    for (const n of nodes) {
      const p = pos[n.id];
      const v = Math.hypot(p.vx, p.vy), cap = 30 * cool + 1;
      if (v > cap) { p.vx *= cap / v; p.vy *= cap / v; }
      p.x = Math.min(W - 150, Math.max(20, p.x + p.vx)); p.y = Math.min(H - 20, Math.max(20, p.y + p.vy));
      p.vx *= 0.5; p.vy *= 0.5;
    }
  }
  return pos;
}

/* -- map ---------------------------------------------------------------------------------------- */
let WORLD = null;
async function mapView() {
  const filters = currentFilters(EVENT_FILTERS);
  let geo;
  try {
    if (!WORLD) {
      const topo = await (await fetch("/static/vendor/countries-110m.json")).json();
      WORLD = topojson.feature(topo, topo.objects.countries);
    }
    geo = await api("/api/places.geojson", filters);
  } catch (e) { return show(errorBox(e)); }
  const W = 1000, H = 500;
  const px = ([lon, lat]) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];
  const chart = svg("svg", { class: "chart map", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Map of event places" });
  chart.append(svg("rect", { class: "sea", x: 0, y: 0, width: W, height: H }));
  for (const f of WORLD.features) chart.append(svg("path", { class: "land", d: pathOf(f.geometry, px) }, svg("title", {}, f.properties.name || "")));
  const max = Math.max(1, ...geo.features.map((f) => f.properties.events));
  const detail = el("div", { class: "panel", id: "place-detail" }, el("span", { class: "muted" }, "Click a place to list its events."));
  for (const f of [...geo.features].sort((a, b) => b.properties.events - a.properties.events)) {
    const [x, y] = px(f.geometry.coordinates);
    const p = f.properties;
    const dot = svg("circle", { class: "ev place", cx: x, cy: y, r: 4 + 12 * Math.sqrt(p.events / max), fill: typeColour(p.types[0]), "fill-opacity": 0.85, tabindex: 0, "data-id": p.id, "data-name": p.name },
      svg("title", {}, `${p.name} (${p.country}): ${p.events} event(s) — ${p.types.join(", ")}`));
    const open = () => placeDetail(detail, p);
    dot.addEventListener("click", open);
    dot.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
    chart.append(dot);
  }
  const table = el("div", { class: "tablewrap" }, el("table", { class: "places" },
    el("thead", {}, el("tr", {}, ["Place", "Country", "Events", "Types"].map((h) => el("th", {}, h)))),
    el("tbody", {}, geo.features.map((f) => el("tr", {}, el("td", {}, link("/timeline?place=" + encodeURIComponent(f.properties.id), f.properties.name)),
      el("td", {}, f.properties.country), el("td", {}, f.properties.events), el("td", {}, f.properties.types.map(chip)))))));
  show(el("h1", {}, "Map ", el("span", { class: "muted" }, `${geo.features.length} places`)), chart, detail, table,
    el("p", { class: "muted" }, "Base map: Natural Earth 1:110m countries (world-atlas), equirectangular projection."));
}
function pathOf(geom, px) {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  let d = "";
  for (const poly of polys) for (const ring of poly) {
    // a ring crossing the antimeridian would draw a line across the whole map: lift the pen
    ring.forEach((pt, i) => { const [x, y] = px(pt); d += (i && Math.abs(pt[0] - ring[i - 1][0]) < 180 ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1); });
    d += "Z";
  }
  return d;
}
function placeDetail(box, p) {
  box.replaceChildren(el("strong", {}, p.name), ` (${p.country}) · ${p.events} event(s) · `, link("/timeline?place=" + encodeURIComponent(p.id), "timeline of this place"),
    el("ul", {}, p.event_ids.map((id) => el("li", {}, link("/events/" + encodeURIComponent(id), "event " + id)))));
}

/* -- claims board ---------------------------------------------------------------------------- */
async function claimsView() {
  const filters = currentFilters(["actor", "since", "until", "q", "stance"]);
  let board;
  try { board = await api("/api/claims/board", filters); } catch (e) { return show(errorBox(e)); }
  const props = board.propositions;
  const title = el("h1", {}, "Claims board ", el("span", { class: "muted" }, `${props.length} propositions`));
  if (!props.length) return show(title, el("p", { class: "muted" }, "No claims match these filters."));
  const cards = props.map((p) => el("div", { class: "card claim" },
    el("div", { class: "prop" }, p.event_type ? chip(p.event_type) : null, " ", p.event_id ? link("/events/" + encodeURIComponent(p.event_id), p.proposition) : p.proposition),
    STANCE_ORDER.filter((s) => p.stances[s]).map((s) => el("div", { class: "stance " + s }, el("b", {}, s),
      p.stances[s].map((c, i) => [i ? "; " : "", link(`/articles/${encodeURIComponent(c.article_id)}#c-${c.id}`, c.claimant_name || c.claimant_text || "unattributed"),
        el("span", { class: "muted" }, ` ${dayOf(c.date)}`)])))));
  show(title, el("div", { class: "board" }, cards));
}

/* -- articles --------------------------------------------------------------------------------- */
async function articlesView() {
  const filters = currentFilters(["q", "source", "since", "until"]);
  const box = el("div", {});
  const form = el("form", { class: "filters panel" }, el("label", {}, "Search", el("input", { name: "q", type: "search", value: filters.q || "" })), el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); const q = form.q.value; history.pushState(null, "", "/articles" + (q ? "?q=" + encodeURIComponent(q) : "")); route(); });
  show(el("h1", {}, "Articles"), form, box);
  let cursor = null;
  const more = el("button", { class: "more", type: "button" }, "More");
  const load = async () => {
    let page;
    try { page = await api("/api/articles", { ...filters, cursor, limit: 50 }); } catch (e) { return box.append(errorBox(e)); }
    for (const a of page.items) box.append(el("div", { class: "panel" }, link("/articles/" + encodeURIComponent(a.id), a.title || a.id), el("div", { class: "muted" }, `${dayOf(a.published)} · ${a.source || ""} · ${a.chars} characters`), el("div", {}, a.snippet + "…")));
    cursor = page.next_cursor;
    if (cursor) box.append(more); else more.remove();
  };
  more.addEventListener("click", () => { more.remove(); load(); });
  await load();
}
async function articleView(id) {
  let a;
  try { a = await api("/api/articles/" + encodeURIComponent(id)); } catch (e) { return show(errorBox(e)); }
  const spans = [];
  for (const m of a.events) {
    spans.push({ s: m.trigger_start, e: m.trigger_end, cls: "trigger", href: "/events/" + encodeURIComponent(m.event_id), id: "m-" + m.id, title: `${m.event_type} (${m.modality})` });
    for (const p of m.actors.concat(m.recipients)) spans.push({ s: p.start, e: p.end, cls: "actor", title: p.name || p.actor_id || "" });
  }
  for (const am of a.actor_mentions) if (am.actor_id) spans.push({ s: am.start_char, e: am.end_char, cls: "actor", title: am.name || am.actor_id });
  for (const q of a.quotes) spans.push({ s: q.content_start, e: q.content_end, cls: "quote", id: "q-" + q.id, title: `quote · ${q.speaker_name || q.speaker_text || "?"}` });
  for (const c of a.claims) spans.push({ s: c.proposition_start, e: c.proposition_end, cls: "claim", id: "c-" + c.id, title: `${c.stance} · ${c.claimant_name || c.claimant_text || "?"}` });
  const text = el("div", { class: "article-text", id: "article-text" }, highlight(a.text, spans));
  const layers = el("div", { class: "layers" }, ["trigger", "actor", "quote", "claim"].map((k) => el("label", {},
    el("input", { type: "checkbox", checked: true, onchange: (ev) => text.classList.toggle("hide-" + k, !ev.target.checked) }), " ", el("span", { class: "hl-" + k }, k === "trigger" ? "event triggers" : k + "s"))));
  const head = el("div", { class: "muted" }, `${dayOf(a.published)} (${a.date_source}) · ${a.source || "no source"} · `, a.url ? link(a.url, "original") : "", ` · ${a.events.length} event mentions · ${a.quotes.length} quotes · ${a.claims.length} claims`);
  const eventsList = el("ul", {}, a.events.map((m) => el("li", {}, chip(m.event_type), " ", link("/events/" + encodeURIComponent(m.event_id), `“${m.trigger_text}”`), ` ${m.modality} · sentence ${m.sentence_index + 1}`)));
  const quotesList = el("ul", {}, a.quotes.map((q) => el("li", {}, el("b", {}, q.speaker_name || q.speaker_text || "?"), ` (${q.kind}): “${q.content_text}”`)));
  show(el("h1", {}, a.title || a.id), head, layers, text, el("h2", {}, "Events"), eventsList, el("h2", {}, "Quotes"), quotesList);
  if (location.hash) { const target = document.getElementById(location.hash.slice(1)); if (target) { target.scrollIntoView({ block: "center" }); target.classList.add("focus"); } }
}
/* Cut the text at every span boundary; each piece carries the classes of the spans over it. */
function highlight(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const sp of spans) if (sp.s >= 0 && sp.e <= text.length && sp.s < sp.e) { cuts.add(sp.s); cuts.add(sp.e); }
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  const used = new Set();
  for (let i = 0; i < points.length - 1; i++) {
    const s = points[i], e = points[i + 1];
    const over = spans.filter((sp) => sp.s <= s && sp.e >= e);
    const piece = text.slice(s, e);
    if (!over.length) { out.push(piece); continue; }
    const trig = over.find((sp) => sp.cls === "trigger");
    const attrs = { class: [...new Set(over.map((sp) => "hl-" + sp.cls))].join(" "), title: over.map((sp) => sp.title).filter(Boolean).join(" · ") };
    const first = over.find((sp) => sp.id && sp.s === s && !used.has(sp.id));
    if (first) { attrs.id = first.id; used.add(first.id); }
    out.push(el("span", attrs, trig ? el("a", { href: trig.href }, piece) : piece));
  }
  return out;
}

/* -- ingest ----------------------------------------------------------------------------------- */
async function ingestView() {
  const state = await api("/api/ingest").catch(() => ({ enabled: false, jobs: [] }));
  if (!state.enabled) return show(el("h1", {}, "Ingest"), el("p", { class: "muted", id: "ingest-off" }, "Ingest from the UI is off. Start the server with --allow-ingest --token T to use it."));
  const status = el("div", { class: "panel", id: "ingest-status" }, "No job started.");
  const form = el("form", { class: "panel" },
    el("p", {}, el("label", {}, "Token ", el("input", { name: "token", type: "password", required: true }))),
    el("p", {}, el("label", {}, "Server-side paths (one per line)", el("br"), el("textarea", { name: "paths", rows: 3 }))),
    el("p", {}, "or paste one article:"),
    el("p", {}, el("label", {}, "Title ", el("input", { name: "title" })), " ", el("label", {}, "Date ", el("input", { name: "date", type: "date" })), " ", el("label", {}, "Source ", el("input", { name: "source" }))),
    el("p", {}, el("textarea", { name: "text", rows: 8 })),
    el("button", { type: "submit" }, "Ingest"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = { paths: form.paths.value.split("\n").map((s) => s.trim()).filter(Boolean), text: form.text.value || null, title: form.title.value, source: form.source.value, date: form.date.value || null };
    const res = await fetch("/api/ingest", { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + form.token.value }, body: JSON.stringify(body) });
    const job = await res.json();
    if (!res.ok) { status.replaceChildren(el("span", { class: "error" }, typeof job.detail === "string" ? job.detail : JSON.stringify(job.detail))); return; }
    poll(job.id, status);
  });
  show(el("h1", {}, "Ingest"), form, status);
}
async function poll(id, status) {
  const job = await api("/api/ingest/" + encodeURIComponent(id));
  const s = job.summary || {};
  status.replaceChildren(el("div", {}, el("b", {}, job.state), " ", job.progress || "starting (loading the model)…"),
    el("progress", job.state === "done" || job.state === "failed" ? { value: 1, max: 1 } : {}),
    job.error ? el("p", { class: "error" }, job.error) : null,
    (s.failures || []).map((f) => el("div", { class: "muted" }, `skipped ${f.path}: ${f.reason}`)));
  if (job.state === "queued" || job.state === "running") setTimeout(() => poll(id, status), 1000);
}

/* -- routing ------------------------------------------------------------------------------------ */
async function route() {
  const parts = location.pathname.split("/").filter(Boolean);
  const kind = parts[0] || "timeline";
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === kind);
  setupFilters(parts.length > 1 ? "detail" : kind);
  const id = parts[1] ? decodeURIComponent(parts[1]) : null;
  if (kind === "events" && id) return eventView(id);
  if (kind === "articles" && id) return articleView(id);
  if (kind === "actors" && id) { location.replace("/timeline?actor=" + encodeURIComponent(id)); return; }
  const views = { timeline: timelineView, network: networkView, map: mapView, claims: claimsView, articles: articlesView, ingest: ingestView };
  return (views[kind] || timelineView)();
}
window.addEventListener("popstate", route);
(async () => {
  try { META = await api("/api/meta"); fillVocabularies(); } catch (e) { show(errorBox(e)); return; }
  await route();
  document.body.dataset.ready = "1";
})();
