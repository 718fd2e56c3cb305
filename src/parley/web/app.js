/* Parley dashboard: a small single-page app over the read-only HTTP API (`parley serve`).
 *
 * Views are plain functions of the URL hash (#/events?country=BLR&type=CONSULT), so every
 * view is a link that can be shared, reloaded or opened by a test. Every number on the page
 * comes from /api/*; no text from the database is ever inserted as HTML.
 * Libraries (served from ./vendor, see scripts/vendor_web.py): Chart.js for the charts,
 * d3-geo and topojson-client for the map, world-atlas for the country outlines.
 */
"use strict";

const charts = [];  // Chart.js instances of the current view, destroyed on navigation
const cache = {};   // responses that change only when the store does (emptied then, see watchStore)
const POLL_MS = 3000;  // how often the page asks whether the store has changed

// ---------------------------------------------------------------- helpers

/** An element with attributes (on* are listeners) and children (strings become text). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** An SVG element (the map). */
function svg(tag, attrs, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttributes(el, attrs);
  for (const child of children.flat()) if (child) el.append(child instanceof Node ? child : String(child));
  return el;
}

function setAttributes(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "style") el.style.cssText = value;  // a style attribute would break the CSP's style-src 'self'
    else el.setAttribute(key === "className" ? "class" : key, value === true ? "" : value);
  }
}

/** GET an API path with query parameters (empty ones left out); a failure names the problem. */
async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
  }
  const response = await fetch(url);
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = Array.isArray(body.detail)
        ? body.detail.map((d) => `${d.loc.slice(1).join(".")}: ${d.msg}`).join("; ")
        : body.detail || detail;
    } catch (err) { /* not JSON: keep the status text */ }
    throw new Error(`${url.pathname}: ${detail}`);
  }
  return url.pathname === "/api/digest" ? response.text() : response.json();
}

async function once(key, load) {
  if (!(key in cache)) cache[key] = await load();
  return cache[key];
}

const countries = () => once("countries", async () => (await api("/api/countries")).countries);
const stats = () => once("stats", () => api("/api/stats"));

async function countryName(code) {
  const found = (await countries()).find((c) => c.code === code);
  return found ? found.name : code;
}

/** Navigate to a view with parameters (empty ones left out). */
function go(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (value) query.set(key, value);
  const hash = `#${path}${query.toString() ? "?" + query : ""}`;
  if (window.location.hash === hash) route(); else window.location.hash = hash;
}

function viewLink(path, params, ...children) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  return h("a", { href: `#${path}?${query}` }, ...children);
}

function formValues(form) {
  return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v).trim()]));
}

function field(label, control) {
  return h("label", null, label, control);
}

async function countrySelect(name, selected, { blank = null, blankValue = "" } = {}) {
  const options = (await countries()).map((c) =>
    h("option", { value: c.code, selected: c.code === selected }, `${c.name} (${c.code}) · ${c.events}`));
  if (blank !== null) options.unshift(h("option", { value: blankValue, selected: !selected || selected === blankValue }, blank));
  return h("select", { name }, options);
}

function dateInput(name, value) {
  return h("input", { type: "date", name, value: value || "" });
}

/** The last day of the period that starts on `start` (YYYY-MM-DD). */
function periodEnd(start, period) {
  const [y, m, d] = start.split("-").map(Number);
  const end = period === "year" ? new Date(Date.UTC(y, 11, 31))
    : period === "week" ? new Date(Date.UTC(y, m - 1, d + 6))
    : new Date(Date.UTC(y, m, 0));
  return end.toISOString().slice(0, 10);
}

/** Every period from the first to the last of `periods` (YYYY-MM-DD starts), gaps filled, so
 * that a category axis keeps time evenly spaced. */
function continuousPeriods(periods, period) {
  if (!periods.length) return [];
  const sorted = [...periods].sort(), last = sorted[sorted.length - 1], out = [];
  let [y, m, d] = sorted[0].split("-").map(Number);
  for (let guard = 0; guard < 5000; guard++) {
    const start = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
    if (start > last) break;
    out.push(start);
    if (period === "year") y += 1; else if (period === "week") d += 7; else m += 1;
  }
  return out;
}

function periodLabel(start, period) {
  const when = new Date(start + "T00:00:00Z");
  if (period === "year") return String(when.getUTCFullYear());
  if (period === "week") return `week of ${start}`;
  return when.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
}

// The two directions of a dyad (plot.py's LINE_COLOURS). A PLOVER type's colour is not here: it
// is data (ontology/plover.tsv), served as /api/stats' type_colours, so every chart agrees.
const LINE_COLOURS = ["#1d2330", "#e8590c"];

/** The PLOVER types in the codebook's order, each with its colour ({AGREE: "#790000", ...}). */
const typeColours = async () => (await stats()).type_colours;

/** Cooperation (+10, blue) to conflict (-10, red) through grey: the map's and the tables' colour. */
function goldsteinColour(value) {
  const t = Math.max(-1, Math.min(1, (value || 0) / 10));
  const grey = [224, 224, 224], end = t >= 0 ? [33, 102, 172] : [178, 24, 43];
  const mix = grey.map((g, i) => Math.round(g + (end[i] - g) * Math.abs(t)));
  return `rgb(${mix.join(",")})`;
}

function newChart(canvas, config) {
  const chart = new Chart(canvas, { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
  charts.push(chart);
  return chart;
}

/** Under a chart over time: how many events it cannot show, having no day (null when none). */
function undatedNote(id, count, period, where = "") {
  if (!count) return null;
  return h("p", { class: "muted undated", id },
    `${count} undated event${count === 1 ? "" : "s"} not shown: no day to place ${count === 1 ? "it" : "them"} in a ${period}${where}.`);
}

// ---------------------------------------------------------------- events (shared by two views)

/** `sentence` with the trigger and the actors' words marked (first occurrence of each). */
function highlighted(sentence, marks) {
  const ranges = [];
  for (const [text, kind] of marks) {
    if (!text) continue;
    let at = sentence.indexOf(text);
    if (at < 0) at = sentence.toLowerCase().indexOf(text.toLowerCase());
    if (at < 0) continue;
    const range = [at, at + text.length, kind];
    if (!ranges.some(([s, e]) => range[0] < e && s < range[1])) ranges.push(range);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const parts = [];
  let last = 0;
  for (const [start, end, kind] of ranges) {
    parts.push(sentence.slice(last, start), h("mark", { class: kind, title: kind }, sentence.slice(start, end)));
    last = end;
  }
  parts.push(sentence.slice(last));
  return parts;
}

/** "Sviatlana Tsikhanouskaya (BLR OPP)", "BLR OPP", "BLR": who acted, not only which country. */
function actorLabel(code, name, sector) {
  const where = [code || "?", sector].filter(Boolean).join(" ");
  return name ? `${name} (${where})` : code ? where : "—";
}

// The actor tables' sectors (`actors.SECTORS`, listed by /api/stats), named for the pickers.
const SECTOR_NAMES = {
  GOV: "government", MIL: "military", LEG: "legislature", JUD: "judiciary", POL: "political party",
  OPP: "opposition", REB: "rebels", COP: "police", SPY: "intelligence", MED: "media", BUS: "business",
  NGO: "NGO", CVL: "civilians", EDU: "education", REL: "religious", CRM: "criminals", ELI: "elites", UAF: "unidentified attackers",
};

async function sectorSelect(name, selected) {
  const sectors = (await stats()).sectors;
  return h("select", { name }, h("option", { value: "" }, "any"),
    sectors.map((code) => h("option", { value: code, selected: code === selected }, `${SECTOR_NAMES[code] || code} (${code})`)));
}

/** The "who acted" fields of a filter form (the API's `sector`, `partner_sector` and `actor`):
 * the country's sector, the partner's when the view has a partner, and a person or body. */
async function whoFields(values, { partner = false } = {}) {
  return [
    field("Country's sector", await sectorSelect("sector", values.sector)),
    partner ? field("Partner's sector", await sectorSelect("partner_sector", values.partner_sector)) : null,
    field("Actor", h("input", { type: "search", name: "actor", value: values.actor || "", placeholder: "e.g. Lukashenko" })),
  ];
}

/** "Belarus (opposition)": a country, and its sector when one is chosen. */
async function whoName(code, sector) {
  return `${await countryName(code)}${sector ? ` (${SECTOR_NAMES[sector] || sector})` : ""}`;
}

function eventDetail(event) {
  return h("div", { class: "mentions" },
    h("p", { class: "muted" },
      `${event.num_mentions} mention(s) in ${event.num_articles} stor${event.num_articles === 1 ? "y" : "ies"}`,
      ` from ${event.num_sources} source(s)`, event.num_copies ? `, ${event.num_copies} near-duplicate cop(ies)` : "",
      ` · CAMEO ${event.cameo || "—"} · Goldstein ${event.goldstein ?? "—"} · confidence ${event.confidence}`),
    event.mentions.map((m) => h("div", { class: "mention" },
      h("div", null,
        // `link` is `url` when the server's allow-list of schemes (links.py) accepts it, else null:
        // a URL from the data reaches an href only through that check, otherwise it stays text
        m.link ? h("a", { href: m.link, target: "_blank", rel: "noopener noreferrer" }, m.outlet || m.link)
          : h("span", { title: m.url || "" }, m.outlet || m.url || m.article_id),
        ` · ${m.published || "undated"} · `, h("span", { class: "badge" }, m.lang), ` · ${m.factuality}`,
        ` · confidence ${m.confidence}`, m.article_group ? ` · story ${m.article_group}` : "",
        m.title ? h("span", { class: "muted" }, ` — ${m.title}`) : ""),
      h("blockquote", { class: "evidence" },
        highlighted(m.sentence, [[m.trigger, "trigger"], [m.source_text, "source"], [m.target_text, "target"]])))),
    h("div", { class: "legend" },
      h("span", null, h("mark", { class: "trigger" }, "trigger")),
      h("span", null, h("mark", { class: "source" }, "source actor")),
      h("span", null, h("mark", { class: "target" }, "target actor"))));
}

/** A row of the events table; the type in its colour of the codebook (`colours`, /api/stats). */
function eventRow(event, colours) {
  const row = h("tr", { class: "event", tabindex: "0", "data-id": event.merged_id },
    h("td", null, event.day || "undated"),
    h("td", null, h("span", { class: "type", style: `color:${colours[event.event_type] || "inherit"}` }, event.event_type),
      event.mode ? h("div", { class: "muted" }, event.mode) : ""),
    h("td", null, actorLabel(event.source_country, event.source_name, event.source_sector), " → ",
      actorLabel(event.target_country, event.target_name, event.target_sector)),
    h("td", { class: "num" }, event.num_mentions),
    h("td", { class: "num" }, event.num_sources),
    h("td", null, (event.evidence || "").length > 160 ? event.evidence.slice(0, 157) + "…" : event.evidence || ""));
  const toggle = () => {
    const open = row.nextElementSibling && row.nextElementSibling.classList.contains("detail");
    if (open) row.nextElementSibling.remove();
    else row.after(h("tr", { class: "detail" }, h("td", { colspan: 6 }, eventDetail(event))));
    row.classList.toggle("open", !open);
  };
  row.addEventListener("click", toggle);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter") toggle(); });
  return row;
}

/** A table of events from /api/events with `filters`, paged with "More". */
async function eventTable(filters) {
  const body = h("tbody");
  const more = h("button", { class: "plain no-print", type: "button" }, "More");
  const count = h("p", { class: "muted count" });
  const table = h("table", { class: "events" },
    h("thead", null, h("tr", null, h("th", null, "Day"), h("th", null, "Type"), h("th", null, "Who → whom"),
      h("th", { class: "num" }, "Mentions"), h("th", { class: "num" }, "Sources"), h("th", null, "Evidence"))), body);
  let cursor = null, shown = 0;
  const colours = await typeColours();
  const load = async () => {
    const page = await api("/api/events", { ...filters, limit: 50, cursor });
    page.events.forEach((event) => body.append(eventRow(event, colours)));
    shown += page.count;
    cursor = page.next_cursor;
    more.hidden = !cursor;
    count.textContent = shown ? `${shown}${cursor ? "+" : ""} event(s); click a row for its evidence` : "No events match.";
  };
  const wrapper = h("div", null, count, table, more);
  more.addEventListener("click", () => { wrapper.dataset.paged = "yes"; load().catch(showError); });
  await load();
  return wrapper;
}

// ---------------------------------------------------------------- views

async function overviewView(root, params) {
  const by = params.get("by") || "month";
  // the chart of one country, of one of its sectors (or of that sector anywhere), of one actor
  const who = { country: params.get("country"), sector: params.get("sector"), actor: params.get("actor") };
  const [s, types] = await Promise.all([stats(), api("/api/types", { by, ...who })]);
  const languages = Object.entries(s.languages).map(([lang, n]) => `${lang} ${n}`).join(" · ");
  const card = (value, label, note) => h("div", { class: "card" },
    h("div", { class: typeof value === "number" ? "value" : "value text" }, value), h("div", { class: "label" }, label),
    note ? h("div", { class: "note" }, note) : null);
  // events with no day are counted, and said to be outside the period and the chart
  const undated = s.undated_events ? `${s.undated_events} undated` : null;
  root.append(
    h("h1", null, "Overview"),
    h("div", { class: "cards", id: "figures" },
      card(s.articles, "articles"), card(s.distinct_events, "distinct events", undated),
      card(s.counted_events, "event mentions"),
      card(languages || "—", "languages"), card(s.article_groups, "near-duplicate groups"),
      card(s.first_day ? `${s.first_day} to ${s.last_day}` : "—", "period",
        undated && `${s.distinct_events - s.undated_events} events in it, ${s.undated_events} with no day`)));
  const periods = continuousPeriods([...new Set(types.types.map((t) => t.period))], by);
  const colours = await typeColours();  // the codebook's order: cooperation first, as the stacks read
  const present = new Set(types.types.map((t) => t.event_type));
  const names = Object.keys(colours).filter((name) => present.has(name));
  const canvas = h("canvas", { id: "types-chart", "aria-label": "Distinct events by PLOVER type over time" });
  const form = h("form", { class: "filters", id: "overview-filters" },
    field("Country", await countrySelect("country", who.country, { blank: "any" })), await whoFields(who),
    field("Per", h("select", { name: "by", onchange: () => form.requestSubmit() },
      ["week", "month", "year"].map((p) => h("option", { value: p, selected: p === by }, `per ${p}`)))),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => { e.preventDefault(); go("/", formValues(form)); });
  const of = [who.country ? await whoName(who.country, who.sector) : who.sector && `any ${SECTOR_NAMES[who.sector] || who.sector}`,
    who.actor && `“${who.actor}”`].filter(Boolean).join(", ");
  root.append(h("h2", { id: "types-heading" }, `Events by type over time${of ? ": " + of : ""}`), form,
    h("div", { class: "panel chart" }, canvas),
    undatedNote("types-undated", types.undated, by));
  newChart(canvas, {
    type: "bar",
    data: {
      labels: periods.map((p) => periodLabel(p, by)),
      datasets: names.map((name) => ({
        label: name, backgroundColor: colours[name],
        data: periods.map((p) => (types.types.find((t) => t.period === p && t.event_type === name) || { events: 0 }).events),
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 }, title: { display: true, text: "distinct events" } } } },
  });
  const dyads = h("table", { id: "top-dyads" }, h("thead", null, h("tr", null, h("th", null, "Source → target"),
    h("th", { class: "num" }, "Event mentions"))), h("tbody", null, s.top_dyads.map((d) => h("tr", null,
    h("td", null, viewLink("/dyad", { a: d.source, b: d.target === "-" ? "all" : d.target }, `${d.source} → ${d.target}`)),
    h("td", { class: "num" }, d.events)))));
  const top = (await countries()).slice(0, 12);
  const list = h("table", { id: "top-countries" }, h("thead", null, h("tr", null, h("th", null, "Country"),
    h("th", { class: "num" }, "Distinct events"), h("th", null, ""))), h("tbody", null, top.map((c) => h("tr", null,
    h("td", null, `${c.name} (${c.code})`), h("td", { class: "num" }, c.events),
    h("td", null, viewLink("/map", { country: c.code }, "map"), " · ", viewLink("/events", { country: c.code }, "events"),
      " · ", viewLink("/digest", { country: c.code }, "digest"))))));
  root.append(h("div", { class: "map-layout" }, h("div", null, h("h2", null, "Most active countries"), list),
    h("div", null, h("h2", null, "Top dyads"), dyads)));
}

async function worldAtlas() {
  return once("atlas", async () => {
    const [world, codes] = await Promise.all([
      fetch("vendor/countries-110m.json").then((r) => r.json()), fetch("vendor/iso-codes.json").then((r) => r.json())]);
    const alpha3 = Object.fromEntries(codes.map(([, a3, numeric]) => [numeric, a3]));
    const features = topojson.feature(world, world.objects.countries).features;
    return features.map((f) => ({ feature: f, code: alpha3[f.id] || null, name: f.properties.name }));
  });
}

async function mapView(root, params) {
  const country = params.get("country") || (await countries())[0]?.code;
  if (!country) { root.append(h("p", { class: "muted" }, "The database has no events yet.")); return; }
  const since = params.get("since"), until = params.get("until");
  const who = { sector: params.get("sector"), partner_sector: params.get("partner_sector"), actor: params.get("actor") };
  const form = h("form", { class: "filters", id: "map-filters" },
    field("Country", await countrySelect("country", country)), await whoFields(who, { partner: true }),
    field("Since", dateInput("since", since)), field("Until", dateInput("until", until)), h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => { e.preventDefault(); go("/map", formValues(form)); });
  const [atlas, partners] = await Promise.all([worldAtlas(), api("/api/partners", { country, since, until, ...who })]);
  const dyad = (code) => ({ a: country, b: code, ...who });  // the dyad of the same actors
  const byCode = Object.fromEntries(partners.partners.map((p) => [p.partner, p]));
  const projection = d3.geoNaturalEarth1().fitSize([960, 500], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const shapes = atlas.map(({ feature, code, name }) => {
    const partner = code && byCode[code];
    const selected = code === country;
    const title = partner
      ? `${name}: ${partner.events} event(s), ${partner.cooperation} cooperative, ${partner.conflict} conflictual, Goldstein mean ${partner.goldstein_mean}`
      : selected ? `${name} (selected)` : name;
    const shape = svg("path", {
      d: path(feature), "data-code": code || "", fill: selected ? "#1d2330" : partner ? goldsteinColour(partner.goldstein_mean) : "#f7f7f7",
      class: `country${partner ? " partner" : ""}${selected ? " selected" : ""}`,
    }, svg("title", null, title));
    if (partner) shape.addEventListener("click", () => go("/dyad", dyad(code)));
    return shape;
  });
  const map = svg("svg", { class: "map", viewBox: "0 0 960 500", role: "img", "aria-label": `Relations of ${country}` },
    svg("path", { d: path({ type: "Sphere" }), fill: "#eaf1f8" }), shapes);
  const names = Object.fromEntries((await countries()).map((c) => [c.code, c.name]));
  const rows = partners.partners.map((p) => h("tr", { "data-code": p.partner },
    h("td", null, viewLink("/dyad", dyad(p.partner), names[p.partner] || p.partner)),
    h("td", { class: "num" }, p.events), h("td", { class: "num" }, p.cooperation), h("td", { class: "num" }, p.conflict),
    h("td", { class: "num" }, h("span", { style: `color:${goldsteinColour(p.goldstein_mean)};font-weight:600` }, p.goldstein_mean))));
  const scale = [-10, -5, 0, 5, 10].map((v) => h("span", null, h("span", { class: "swatch", style: `background:${goldsteinColour(v)}` }), ` ${v > 0 ? "+" : ""}${v}`));
  root.append(h("h1", null, `Relations of ${await whoName(country, who.sector)}`), form,
    h("div", { class: "map-layout" },
      h("div", null, map, h("div", { class: "legend" }, "Goldstein mean (conflict → cooperation):", scale,
        h("span", null, h("span", { class: "swatch", style: "background:#1d2330" }), " selected"),
        h("span", null, "Click a coloured country for the dyad."))),
      h("div", null, h("h2", null, "Partners"), partners.partners.length
        ? h("table", { id: "partners" }, h("thead", null, h("tr", null, h("th", null, "Partner"), h("th", { class: "num" }, "Events"),
          h("th", { class: "num" }, "Coop."), h("th", { class: "num" }, "Confl."), h("th", { class: "num" }, "Goldstein"))), h("tbody", null, rows))
        : h("p", { class: "muted" }, "No partners in this period."),
        h("p", { class: "muted" }, "Organisations (EU, NATO, …) are listed here but have no place on the map."))));
}

async function dyadView(root, params) {
  const s = await stats();
  const first = s.top_dyads.find((d) => d.target !== "-" && d.target !== d.source) || {};
  // b=all: the country with everyone
  const a = params.get("a") || first.source, by = params.get("by") || "month";
  const b = (params.get("b") || first.target) === "all" ? null : params.get("b") || first.target;
  const sector = params.get("sector"), partnerSector = b ? params.get("partner_sector") : null;  // BLR-GOV vs BLR-OPP
  const actor = params.get("actor");
  if (!a) { root.append(h("p", { class: "muted" }, "The database has no events yet.")); return; }
  const form = h("form", { class: "filters", id: "dyad-filters" },
    field("Country", await countrySelect("a", a)), field("Sector", await sectorSelect("sector", sector)),
    field("Partner", await countrySelect("b", b || "all", { blank: "everyone", blankValue: "all" })),
    field("Partner's sector", await sectorSelect("partner_sector", partnerSector)),
    field("Actor", h("input", { type: "search", name: "actor", value: actor || "", placeholder: "e.g. Lukashenko" })),
    field("Per", h("select", { name: "by" }, ["week", "month", "year"].map((p) => h("option", { value: p, selected: p === by }, p)))),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => { e.preventDefault(); go("/dyad", formValues(form)); });
  const series = await api("/api/series", { country: a, partner: b, by, sector, partner_sector: partnerSector, actor });
  // an evenly spaced time axis: periods without events get no point and no bar
  const periods = continuousPeriods(series.periods, by);
  const at = periods.map((p) => series.periods.indexOf(p));
  const spread = (values) => at.map((i) => (i < 0 ? null : values[i]));
  const canvas = h("canvas", { id: "dyad-chart", "aria-label": `Cooperation and conflict, ${series.title}` });
  const listing = h("div", { class: "period-events", id: "period-events" });
  root.append(h("h1", null, `${await whoName(a, sector)} – ${b ? await whoName(b, partnerSector) : "everyone"}`), form,
    h("div", { class: "panel chart" }, canvas),
    undatedNote("dyad-undated", series.undated, by, " (listed below, last)"),
    h("p", { class: "muted" }, "Lines: Goldstein mean of each direction (−10 conflict … +10 cooperation), broken where a period has none. Bars: distinct events by PLOVER type, on their own axis. Click a period to list its events."),
    listing);
  const showPeriod = async (start) => {
    const filters = { country: a, partner: b, sector, partner_sector: partnerSector, actor, since: start,
      until: start && periodEnd(start, by), sort: "date" };
    const heading = start ? `Events, ${periodLabel(start, by)}` : "All events of the dyad";
    const table = await eventTable(filters);
    listing.replaceChildren(h("h3", null, heading, " ",
      start ? h("button", { class: "plain", type: "button", onclick: () => showPeriod(null).catch(showError) }, "show all") : ""), table);
  };
  const colours = await typeColours();
  newChart(canvas, {
    type: "bar",
    data: {
      labels: periods.map((p) => periodLabel(p, by)),
      datasets: [
        // null where a period has no event of a direction, and no line drawn across it (spanGaps)
        ...Object.entries(series.lines).map(([label, values], i) => ({
          type: "line", label, data: spread(values), yAxisID: "goldstein", spanGaps: false, borderWidth: 2, pointRadius: 5,
          borderColor: LINE_COLOURS[i], backgroundColor: LINE_COLOURS[i],
        })),
        ...Object.keys(colours).filter((type) => type in series.types).map((type) => ({
          label: type, data: spread(series.types[type]), backgroundColor: colours[type],
          yAxisID: "count", stack: "types",
        })),
      ],
    },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: {
        goldstein: { position: "left", min: -10, max: 10, title: { display: true, text: "Goldstein mean" } },
        count: { position: "right", stacked: true, beginAtZero: true, grace: "25%", ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: "events" } },
        x: { stacked: true },
      },
      onClick: (evt, elements, chart) => {
        const hit = chart.getElementsAtEventForMode(evt, "index", { intersect: false }, false)[0];
        if (hit) showPeriod(periods[hit.index]).catch(showError);
      },
    },
  });
  await showPeriod(null);
}

async function eventsView(root, params) {
  const filters = Object.fromEntries(params.entries());
  const types = (await stats()).plover_types;
  const form = h("form", { class: "filters", id: "event-filters" },
    field("Country", await countrySelect("country", filters.country, { blank: "any" })),
    field("Country's sector", await sectorSelect("sector", filters.sector)),
    field("Partner", await countrySelect("partner", filters.partner, { blank: "any" })),
    field("Partner's sector", await sectorSelect("partner_sector", filters.partner_sector)),
    field("Actor", h("input", { type: "search", name: "actor", value: filters.actor || "", placeholder: "e.g. Lukashenko" })),
    field("Type", h("select", { name: "type" }, h("option", { value: "" }, "any"),
      types.map((t) => h("option", { value: t, selected: t === filters.type }, t)))),
    field("Since", dateInput("since", filters.since)), field("Until", dateInput("until", filters.until)),
    field("Text in evidence", h("input", { type: "search", name: "q", value: filters.q || "", placeholder: "e.g. Minsk" })),
    field("Min. confidence", h("input", { type: "number", name: "min_confidence", min: 0, max: 1, step: 0.05, value: filters.min_confidence || "" })),
    field("Sort", h("select", { name: "sort" }, [["-date", "newest"], ["date", "oldest"], ["-mentions", "most mentioned"]].map(
      ([value, label]) => h("option", { value, selected: value === (filters.sort || "-date") }, label)))),
    h("button", { type: "submit" }, "Apply"),
    h("button", { class: "plain", type: "button", onclick: () => go("/events", {}) }, "Clear"));
  form.addEventListener("submit", (e) => { e.preventDefault(); go("/events", formValues(form)); });
  root.append(h("h1", null, "Events"), form, downloads(filters), await eventTable(filters));
}

/** Links that download every event of `filters` (not only the pages shown) from the API's
 * streaming exports. */
function downloads(filters) {
  const query = new URLSearchParams(Object.entries(filters).filter(([k, v]) => v && k !== "cursor" && k !== "limit"));
  const link = (format, label) => h("a", { href: `/api/events.${format}${query.toString() ? "?" + query : ""}`,
    download: `parley-events.${format}`, class: "download", "data-format": format }, label);
  return h("p", { class: "downloads no-print", id: "downloads" }, "Every event of this filter: ",
    link("csv", "Download CSV"), " · ", link("jsonl", "Download JSONL"));
}

async function digestView(root, params) {
  const country = params.get("country") || (await countries())[0]?.code;
  if (!country) { root.append(h("p", { class: "muted" }, "The database has no events yet.")); return; }
  const query = { country, sector: params.get("sector"), actor: params.get("actor"), since: params.get("since"),
    until: params.get("until"), lang: params.get("lang") || "en" };
  const form = h("form", { class: "filters", id: "digest-filters" },
    field("Country", await countrySelect("country", country)), await whoFields(query),
    field("Since", dateInput("since", query.since)),
    field("Until", dateInput("until", query.until)),
    field("Language", h("select", { name: "lang" }, [["en", "English"], ["es", "español"], ["ru", "русский"]].map(
      ([value, label]) => h("option", { value, selected: value === query.lang }, label)))),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (e) => { e.preventDefault(); go("/digest", formValues(form)); });
  await api("/api/digest", { ...query, format: "md" });  // a bad period is reported here, not inside the frame
  const src = "/api/digest?" + new URLSearchParams(Object.entries(query).filter(([, v]) => v));
  const frame = h("iframe", { class: "digest", id: "digest-frame", src, title: "Digest" });
  const loaded = new Promise((resolve) => frame.addEventListener("load", () => {
    frame.style.height = frame.contentDocument.documentElement.scrollHeight + 40 + "px";
    resolve();
  }, { once: true }));
  root.append(h("h1", { class: "no-print" }, "Digest"), form,
    h("p", { class: "no-print" },
      h("button", { type: "button", onclick: () => frame.contentWindow.print() }, "Print"), " ",
      h("a", { href: src, target: "_blank" }, "printable page"), " · ",
      h("a", { href: src.replace("?", "?format=md&") }, "Markdown")),
    frame);
  await loaded;
}

// ---------------------------------------------------------------- new data while the page is open

/** Whether the analyst is in the middle of something a redraw would undo: an open event,
 * events paged in with "More", a field being edited. */
function busy() {
  const active = document.activeElement;
  return document.querySelector("#view tr.detail, #view [data-paged]") !== null
    || (active !== null && ["INPUT", "SELECT", "TEXTAREA"].includes(active.tagName));
}

/** Polls /api/health for the store's stamp, which changes with every write (`parley extract`
 * into the served store): then the cached answers go and the view is drawn again, or, when
 * that would undo what the analyst is doing, a notice offers it. A store that cannot be read
 * any more is said the same way. */
let storeStamp = null;

async function watchStore() {
  try {
    if (!document.hidden) {
      const health = await (await fetch("/api/health")).json();
      document.getElementById("store-error")?.remove();
      if (health.status !== "ok") notice("store-error", "error", `The database cannot be read: ${health.detail}`);
      else if (storeStamp === null) storeStamp = health.stamp;
      else if (health.stamp !== storeStamp && document.getElementById("view").hasAttribute("data-ready")) {
        storeStamp = health.stamp;
        for (const key of Object.keys(cache)) if (key !== "atlas") delete cache[key];
        if (busy()) {
          notice("store-notice", "notice", "New data in the database. ",
            h("button", { class: "plain", type: "button", onclick: route }, "Show it"));
        } else await route();
      }
    }
  } catch (err) { /* the server is restarting or away: ask again later */ }
  setTimeout(watchStore, POLL_MS);
}

function notice(id, kind, ...children) {
  document.getElementById(id)?.remove();
  document.getElementById("view").before(h("p", { class: kind, id, role: "status" }, ...children));
}

// ---------------------------------------------------------------- router

const VIEWS = { "/": overviewView, "/map": mapView, "/dyad": dyadView, "/events": eventsView, "/digest": digestView };

function showError(err) {
  const root = document.getElementById("view");
  root.prepend(h("p", { class: "error", role: "alert" }, err.message));
}

// Parameters that name a country or organisation: a link may give a name in any language the
// actor tables know ("Belarus", "Bielorrusia", "Беларусь"); the API's resolver turns it into the
// code the views and their pickers use, and the address is rewritten with the code.
const PLACE_PARAMS = ["country", "partner", "source", "target", "a", "b"];

/** `params` with every country name replaced by its code (`/api/country`), or null when a name
 * is unknown: then an alert says which, with the closest known name as a link. */
async function resolvePlaces(path, params) {
  const known = new Set((await countries()).map((c) => c.code));
  let changed = false;
  for (const key of PLACE_PARAMS) {
    const value = params.get(key);
    if (!value || value === "all" || known.has(value)) continue;
    const response = await fetch(`/api/country?${new URLSearchParams({ name: value })}`);
    const body = await response.json().catch(() => ({}));
    if (response.status === 400) {
      const fixed = new URLSearchParams(params);
      if (body.suggestion) fixed.set(key, body.suggestion.code);
      document.getElementById("view").prepend(h("p", { class: "error", role: "alert", id: "unknown-place" },
        `No country or organisation is called “${value}” (${key}).`,
        body.suggestion ? [" Did you mean ", h("a", { href: `#${path}?${fixed}` },
          `${body.suggestion.name} (${body.suggestion.code})`), "?"] : ""));
      return null;
    }
    if (!response.ok) throw new Error(`/api/country: ${body.detail || response.statusText}`);
    params.set(key, body.code);
    changed = true;
  }
  if (changed) history.replaceState(null, "", `#${path}?${params}`);
  return params;
}

async function route() {
  const [path, query] = window.location.hash.slice(1).split("?");
  const view = VIEWS[path || "/"] || overviewView;
  const name = Object.keys(VIEWS).find((key) => VIEWS[key] === view);
  document.querySelectorAll("header nav a").forEach((a) => a.classList.toggle("active", a.getAttribute("href") === `#${name}`));
  charts.splice(0).forEach((chart) => chart.destroy());
  const root = document.getElementById("view");
  root.replaceChildren();
  root.removeAttribute("data-ready");
  document.getElementById("store-notice")?.remove();
  try {
    const params = await resolvePlaces(name, new URLSearchParams(query || ""));
    if (params) await view(root, params);
  } catch (err) {
    showError(err);
  }
  root.setAttribute("data-ready", name);  // tests and screenshots wait for this
}

window.addEventListener("hashchange", route);
document.addEventListener("DOMContentLoaded", () => { route(); watchStore(); });
