"use strict";
// Antrean HQ dashboard: plain JS, no build step. Auth is the session cookie from /login, or a
// read token handed over in the URL fragment (#token=...), which never reaches the server
// logs and is removed from the address bar at once.

const T = {
  id: {
    title: "Antrean — Pusat Statistik PTSP", subtitle: "Perbandingan layanan antar unit",
    login_title: "Masuk", username: "Nama pengguna", password: "Kata sandi", login: "Masuk",
    logout: "Keluar", from: "Dari", to: "Sampai", today: "Hari ini", days7: "7 hari",
    days30: "30 hari", show: "Tampilkan", csv: "Unduh CSV",
    table_title: "Perbandingan unit × layanan", hall: "Unit", service: "Layanan",
    issued: "Tiket", served: "Dilayani", no_show: "Tidak hadir", wait_median: "Tunggu median",
    wait_p90: "Tunggu p90", service_median: "Layanan median", within_target: "Sesuai target",
    empty: "Belum ada data pada periode ini.", late_title: "Unit terlambat sinkron",
    chart_title: "Median waktu tunggu (menit)",
    footer: "Data tanpa informasi pribadi · waktu dalam menit",
    k_issued: "Tiket", k_served: "Dilayani", k_wait: "Rerata median tunggu", k_target: "Sesuai target",
    k_halls: "Unit aktif", never: "belum pernah sinkron", hours_ago: "jam lalu",
    all_ok: "Semua unit sinkron dalam 24 jam.", bad_login: "Nama pengguna atau kata sandi salah.",
    min: "mnt", median: "median", p90: "p90",
    concurrent: "dua PC mengirim dengan ID unit yang sama", lacking: "data belum diterima",
    region: "Polda", all_regions: "Semua", trend_title: "Tren tiket dan ketepatan target",
    weekly: "per minggu", drill_title: "Rincian per jam", close: "Tutup",
    drill_hint: "Tiket per layanan dan jam ambil (WIB); warna: median tunggu.",
    tickets: "tiket", within: "sesuai target", hour: "Jam", k_ikm: "IKM (survei)",
  },
  en: {
    title: "Antrean — PTSP Statistics HQ", subtitle: "Service comparison across halls",
    login_title: "Sign in", username: "Username", password: "Password", login: "Sign in",
    logout: "Sign out", from: "From", to: "To", today: "Today", days7: "7 days",
    days30: "30 days", show: "Show", csv: "Download CSV",
    table_title: "Halls × services", hall: "Hall", service: "Service", issued: "Tickets",
    served: "Served", no_show: "No-show", wait_median: "Wait median", wait_p90: "Wait p90",
    service_median: "Service median", within_target: "Within target",
    empty: "No data in this period.", late_title: "Halls late to sync",
    chart_title: "Median wait (minutes)",
    footer: "No personal data · times in minutes",
    k_issued: "Tickets", k_served: "Served", k_wait: "Avg. median wait", k_target: "Within target",
    k_halls: "Active halls", never: "never synced", hours_ago: "hours ago",
    all_ok: "All halls synced within 24 h.", bad_login: "Wrong username or password.",
    min: "min", median: "median", p90: "p90",
    concurrent: "two PCs send with the same hall id", lacking: "records missing",
    region: "Polda", all_regions: "All", trend_title: "Tickets and target compliance over time",
    weekly: "per week", drill_title: "Per hour", close: "Close",
    drill_hint: "Tickets per service and hour of issue (WIB); colour: median wait.",
    tickets: "tickets", within: "within target", hour: "Hour", k_ikm: "IKM (survey)",
  },
};
const COLORS = ["#1d4f9c", "#c9a227", "#2e7d6b", "#8a4fbf", "#c0563a", "#4a6fa5"];
const state = { lang: localStorage.getItem("hq_lang") || "id", token: null, data: null, halls: [],
  trend: [], drill: null, ikm: null };
const $ = (sel) => document.querySelector(sel);
const t = (key) => (T[state.lang] && T[state.lang][key]) || T.id[key] || key;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    // Styles through the CSSOM: the Content-Security-Policy blocks style attributes.
    if (k === "class") node.className = v;
    else if (k === "style") Object.assign(node.style, v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get("token");
  if (token) {
    sessionStorage.setItem("hq_read_token", token);
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + location.search + (rest ? "#" + rest : ""));
  }
  state.token = sessionStorage.getItem("hq_read_token");
  return params;
}

async function api(path) {
  const headers = state.token ? { Authorization: "Bearer " + state.token } : {};
  const response = await fetch(path, { headers, credentials: "same-origin" });
  if (response.status === 401) throw new Error("unauthorized");
  if (!response.ok) throw new Error("HTTP " + response.status);
  return response;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  $("#lang").textContent = state.lang === "id" ? "EN" : "ID";
  if (state.data) render();
}

const fmt = (v, unit = "") => (v === null || v === undefined ? "–" : Number(v).toLocaleString(
  state.lang === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: 1 }) + unit);

function isoDay(date) { return date.toISOString().slice(0, 10); }

function setPreset(days) {
  const end = new Date();
  const start = new Date(end.getTime() - (days - 1) * 86400000);
  $("#period").from.value = isoDay(start);
  $("#period").to.value = isoDay(end);
}

function renderKpis(rows) {
  const sum = (k) => rows.reduce((a, r) => a + (r[k] || 0), 0);
  const issued = sum("issued");
  const called = sum("called");
  const waits = rows.filter((r) => r.wait_median_min !== null);
  const wait = waits.length ? waits.reduce((a, r) => a + r.wait_median_min * r.called, 0) /
    Math.max(1, waits.reduce((a, r) => a + r.called, 0)) : null;
  const within = called ? rows.reduce((a, r) => a + (r.within_target_pct || 0) * r.called, 0) / called : null;
  const halls = new Set(rows.map((r) => r.hall_id)).size;
  const items = [["k_issued", fmt(issued)], ["k_served", fmt(sum("served"))],
    ["k_wait", fmt(wait, " " + t("min"))], ["k_target", fmt(within, "%")], ["k_halls", fmt(halls)]];
  const ikm = state.ikm && state.ikm.total;
  if (ikm && ikm.ikm !== null) {
    const index = Number(ikm.ikm).toLocaleString(state.lang === "id" ? "id-ID" : "en-GB",
      { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    items.push(["k_ikm", `${index} (${ikm.grade})`]);
  }
  $("#kpis").replaceChildren(...items.map(([k, v]) =>
    el("div", { class: "kpi" }, el("div", { class: "label" }, t(k)), el("div", { class: "value" }, v))));
}

function renderTable(rows) {
  const body = $("#table tbody");
  let lastHall = null;
  body.replaceChildren(...rows.map((r) => {
    const first = r.hall_id !== lastHall;
    lastHall = r.hall_id;
    const pct = r.within_target_pct;
    const pctClass = pct === null ? "" : pct >= 80 ? "pct-good" : pct < 60 ? "pct-bad" : "";
    return el("tr", { class: first ? "first" : "" },
      el("td", { class: "hall" }, first ? hallLink(r.hall_id, r.hall_name) : ""),
      el("td", {}, el("span", { class: "badge" }, r.service)),
      el("td", { class: "num" }, fmt(r.issued)), el("td", { class: "num" }, fmt(r.served)),
      el("td", { class: "num" }, fmt(r.no_show)),
      el("td", { class: "num" }, fmt(r.wait_median_min)), el("td", { class: "num" }, fmt(r.wait_p90_min)),
      el("td", { class: "num" }, fmt(r.service_median_min)),
      el("td", { class: "num " + pctClass }, fmt(pct, "%")));
  }));
  $("#empty").classList.toggle("hidden", rows.length > 0);
}

function renderChart(rows) {
  const halls = [...new Map(rows.map((r) => [r.hall_id, r.hall_name])).entries()];
  const services = [...new Set(rows.map((r) => r.service))].sort();
  const box = $("#chart");
  if (!rows.length) { box.replaceChildren(); return; }
  const width = 460, rowH = 13, gap = 14, left = 150, right = 40;
  const max = Math.ceil(Math.max(1, ...rows.map((r) => r.wait_median_min || 0)) / 5) * 5;
  const height = halls.length * (services.length * rowH + gap) + 30;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const scale = (v) => ((width - left - right) * v) / max;
  for (let tick = 0; tick <= 5; tick++) {
    const x = left + ((width - left - right) * tick) / 5;
    root.append(svg("line", { x1: x, x2: x, y1: 0, y2: height - 22, class: "axis" }));
    root.append(svg("text", { x, y: height - 6, "text-anchor": "middle", fill: "#5f6b7a" },
      fmt((max * tick) / 5)));
  }
  let y = 6;
  for (const [hallId, name] of halls) {
    root.append(svg("text", { x: left - 8, y: y + (services.length * rowH) / 2 + 4,
      "text-anchor": "end", "font-weight": "600" }, name.length > 22 ? name.slice(0, 21) + "…" : name));
    services.forEach((code, i) => {
      const row = rows.find((r) => r.hall_id === hallId && r.service === code);
      const value = row ? row.wait_median_min : null;
      if (value !== null) {
        const bar = svg("rect", { x: left, y: y + i * rowH + 1, width: Math.max(1, scale(value)),
          height: rowH - 3, rx: 2, fill: COLORS[services.indexOf(code) % COLORS.length] });
        bar.append(svg("title", {}, `${name} ${code}: ${fmt(value)} ${t("min")}`));
        root.append(bar);
        root.append(svg("text", { x: left + scale(value) + 5, y: y + i * rowH + rowH - 3,
          fill: "#5f6b7a" }, fmt(value)));
      }
    });
    y += services.length * rowH + gap;
  }
  const legend = el("div", { class: "legend" }, ...services.map((code, i) =>
    el("span", {}, el("i", { style: { background: COLORS[i % COLORS.length] } }), code)));
  box.replaceChildren(root, legend);
}

function hallLink(hallId, name) {
  const link = el("a", { href: "#", "data-hall": hallId }, name);
  link.addEventListener("click", (e) => { e.preventDefault(); loadDrill(hallId, name); });
  return link;
}

function renderTrend() {
  const points = state.trend;
  const box = $("#trend");
  if (!points.length) { box.replaceChildren(); return; }
  const width = 960, height = 200, left = 44, right = 44, top = 10, bottom = 34;
  const max = Math.max(1, ...points.map((p) => p.issued));
  const step = (width - left - right) / points.length;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const yPct = (v) => top + (height - top - bottom) * (1 - v / 100);
  for (let tick = 0; tick <= 4; tick++) {
    const v = (max * tick) / 4;
    root.append(svg("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "axis" }));
    root.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", fill: "#5f6b7a" }, fmt(v)));
    root.append(svg("text", { x: width - right + 6, y: yPct(tick * 25) + 4, fill: "#c9a227" }, `${tick * 25}%`));
  }
  const every = Math.max(1, Math.ceil(points.length / 12));
  const line = [];
  points.forEach((p, i) => {
    const x = left + i * step;
    const barWidth = Math.max(1, Math.min(36, step * 0.7));
    const bar = svg("rect", { x: x + (step - barWidth) / 2, y: y(p.issued), width: barWidth,
      height: Math.max(0, height - bottom - y(p.issued)), class: "bar" });
    bar.append(svg("title", {}, `${p.date}: ${fmt(p.issued)} ${t("tickets")}, ` +
      `${fmt(p.within_target_pct, "%")} ${t("within")}`));
    root.append(bar);
    if (p.within_target_pct !== null) {
      line.push(`${x + step / 2},${yPct(p.within_target_pct)}`);
      root.append(svg("circle", { cx: x + step / 2, cy: yPct(p.within_target_pct), r: 3.5,
        fill: "#c9a227" }));
    }
    if (i % every === 0) root.append(svg("text", { x: x + step / 2, y: height - 14,
      "text-anchor": "middle", fill: "#5f6b7a" }, p.date.slice(5)));
  });
  if (line.length > 1) root.append(svg("polyline", { points: line.join(" "), class: "line" }));
  box.replaceChildren(root);
}

function waitColour(v) {
  if (v === null) return "#9aa5b4";
  const f = Math.min(1, v / 45);  // green at 0, red from 45 minutes
  return `hsl(${Math.round(130 - 130 * f)}, 55%, 38%)`;
}

function renderDrill() {
  const drill = state.drill;
  $("#drill").classList.toggle("hidden", !drill);
  if (!drill) return;
  $("#drill-name").textContent = drill.name;
  const hours = [...new Set(drill.cells.map((c) => c.hour))].sort((a, b) => a - b);
  const services = [...new Set(drill.cells.map((c) => c.service))].sort();
  const head = el("tr", {}, el("th", {}, t("service")), ...hours.map((h) => el("th", {}, `${h}:00`)));
  const rows = services.map((code) => el("tr", {}, el("td", {}, el("span", { class: "badge" }, code)),
    ...hours.map((h) => {
      const c = drill.cells.find((x) => x.service === code && x.hour === h);
      if (!c) return el("td", {}, "");
      const cell = el("td", { class: "cell", style: { background: waitColour(c.wait_median_min) } },
        fmt(c.issued));
      cell.title = `${fmt(c.issued)} ${t("tickets")} · ${t("median")} ${fmt(c.wait_median_min)} ${t("min")}`;
      return cell;
    })));
  $("#hours").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
}

async function loadDrill(hallId, name) {
  const form = $("#period");
  const query = new URLSearchParams({ from: form.from.value, to: form.to.value });
  const cells = await (await api(`/api/v1/halls/${encodeURIComponent(hallId)}/hours?` + query)).json();
  state.drill = { hallId, name, cells };
  renderDrill();
  $("#drill").scrollIntoView({ behavior: "smooth" });
}

function renderRegions() {
  const select = $("#period").region;
  const chosen = select.value;
  const regions = [...new Set(state.halls.map((h) => h.region).filter((r) => r))].sort();
  select.replaceChildren(el("option", { value: "" }, t("all_regions")),
    ...regions.map((r) => el("option", { value: r }, r)));
  select.value = regions.includes(chosen) ? chosen : "";
}

function syncProblem(h) {
  // Late, two databases under one hall id, or events HQ knows it lacks (issue 11).
  if (h.concurrent) return t("concurrent");
  if (h.lacking > 0) return `${fmt(h.lacking)} ${t("lacking")}`;
  if (h.late) return h.last_sync_at === null ? t("never") : `${fmt(h.lag_hours)} ${t("hours_ago")}`;
  return null;
}

function renderLate() {
  const late = state.halls.filter((h) => !h.revoked && syncProblem(h) !== null);
  const list = $("#late");
  if (!late.length) { list.replaceChildren(el("li", { class: "ok" }, t("all_ok"))); return; }
  list.replaceChildren(...late.map((h) => el("li", {}, el("div", { class: "name" }, h.name),
    el("div", { class: "when" }, syncProblem(h)))));
}

function render() {
  const rows = state.data.rows;
  renderKpis(rows); renderTable(rows); renderChart(rows); renderLate(); renderTrend(); renderDrill();
}

function periodQuery(extra = {}) {
  const form = $("#period");
  const query = new URLSearchParams({ from: form.from.value, to: form.to.value, ...extra });
  if (form.region.value) query.set("region", form.region.value);
  return query;
}

async function load() {
  const query = periodQuery({ daily: "false" });
  const trendQuery = periodQuery({ by: $("#weekly").checked ? "week" : "day" });
  try {
    const [summary, halls, trend, ikm] = await Promise.all([api("/api/v1/summary?" + query),
      api("/api/v1/halls"), api("/api/v1/trend?" + trendQuery), api("/api/v1/ikm?" + periodQuery())]);
    state.data = await summary.json();
    state.halls = await halls.json();
    state.trend = await trend.json();
    state.ikm = await ikm.json();
    state.drill = null;
    renderRegions();
    showApp(true);
    render();
  } catch (err) {
    if (err.message === "unauthorized") showApp(false); else console.error(err);
  }
}

async function downloadCsv() {
  const form = $("#period");
  const query = periodQuery();
  const blob = await (await api("/api/v1/summary.csv?" + query)).blob();
  const link = el("a", { href: URL.createObjectURL(blob),
    download: `antrean-hq-${form.from.value}-${form.to.value}.csv` });
  document.body.append(link); link.click(); link.remove();
}

function showApp(loggedIn) {
  $("#app-view").classList.toggle("hidden", !loggedIn);
  $("#login-view").classList.toggle("hidden", loggedIn);
  $("#logout").classList.toggle("hidden", !loggedIn);
}

async function login(event) {
  event.preventDefault();
  const form = event.target;
  const response = await fetch("/login", { method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: form.username.value, password: form.password.value }) });
  $("#login-error").textContent = response.ok ? "" : t("bad_login");
  if (response.ok) { form.password.value = ""; load(); }
}

async function logout() {
  sessionStorage.removeItem("hq_read_token");
  state.token = null;
  await fetch("/logout", { method: "POST", credentials: "same-origin" });
  showApp(false);
}

function init() {
  const params = readFragment();
  if (params.get("from") && params.get("to")) {
    $("#period").from.value = params.get("from");
    $("#period").to.value = params.get("to");
  } else setPreset(7);
  if (params.get("lang")) state.lang = params.get("lang") === "en" ? "en" : "id";
  applyLanguage();
  $("#lang").addEventListener("click", () => {
    state.lang = state.lang === "id" ? "en" : "id";
    localStorage.setItem("hq_lang", state.lang);
    applyLanguage();
  });
  $("#login-form").addEventListener("submit", login);
  $("#logout").addEventListener("click", logout);
  $("#period").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  document.querySelectorAll("[data-days]").forEach((b) =>
    b.addEventListener("click", () => { setPreset(Number(b.dataset.days)); load(); }));
  $("#csv").addEventListener("click", downloadCsv);
  $("#period").region.addEventListener("change", load);
  $("#weekly").addEventListener("change", load);
  $("#drill-close").addEventListener("click", () => { state.drill = null; renderDrill(); });
  load();
}

init();
