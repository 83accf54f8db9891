const hi = ":root{--positive: #c8423a;--negative: #2f6db5;--ink: #1f2933;--muted: #616e7c;--line: #d5dbe1;--bg: #f7f8fa;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}body{margin:0}header{display:flex;gap:20px;align-items:center;padding:8px 20px;background:#fff;border-bottom:1px solid var(--line)}.brand{font-weight:700;color:var(--ink);text-decoration:none;font-size:18px}nav a{margin-right:14px;color:var(--muted);text-decoration:none}nav a[aria-current=page]{color:var(--ink);font-weight:600;border-bottom:2px solid var(--ink)}#who{margin-left:auto}main{padding:12px 20px 40px}h1{font-size:22px;margin:6px 0 12px}h2{font-size:15px;margin:0 0 8px}.sub{color:var(--muted);margin-top:-6px}a{color:#1d5fa8}:focus-visible{outline:2px solid #f0a500;outline-offset:2px}button{font:inherit;padding:4px 12px;border:1px solid #9aa5b1;background:#fff;border-radius:4px;cursor:pointer}button:hover{background:#eef1f4}button.small{padding:1px 8px;font-size:12px}input,select,textarea{font:inherit;padding:3px 6px;border:1px solid #9aa5b1;border-radius:4px;background:#fff}input[type=number]{width:80px}.error{background:#fdecea;color:#8a1c13;border:1px solid #f1b0a8;padding:8px 12px;border-radius:4px;margin:8px 0;white-space:pre-wrap}.controls{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:flex-end;margin:8px 0}.controls.secondary{font-size:13px;color:var(--muted)}.field{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 14px;display:flex;flex-direction:column;gap:8px;align-items:flex-start}.signin{max-width:560px;margin:40px auto}.forms{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px;margin-bottom:16px}.forms .card{min-width:0}.forms .field,.forms select,.forms input{max-width:100%;min-width:0}.lists{display:grid;grid-template-columns:repeat(auto-fill,minmax(680px,1fr));gap:16px;align-items:start}table{border-collapse:collapse;background:#fff;border:1px solid var(--line);width:100%;font-size:13px}caption{text-align:left;font-weight:600;padding:6px 0;font-size:15px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef1f4;vertical-align:middle}td.empty{color:var(--muted)}.job-status{display:inline-flex;align-items:center;gap:6px;flex-wrap:wrap}.progress{width:90px;height:8px;background:#e4e7eb;border-radius:4px;overflow:hidden}.progress .fill{height:100%;background:#3e7cb1}.progress.succeeded .fill{background:#3f9142}.progress.failed .fill{background:#c8423a}.badge{font-size:11px;padding:0 6px;border-radius:8px;background:#e4e7eb}.badge.succeeded{background:#dff3e0}.badge.failed{background:#fdecea}.badge.running{background:#e3eefa}.job-error{color:#8a1c13;font-size:12px}.chart{overflow-x:auto}.status{color:var(--muted);font-size:13px;margin:4px 0}.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:16px}.side-by-side .panel{min-width:0;border:1px solid var(--line);background:#fff;border-radius:6px;padding:8px}.export button{font-size:12px;padding:1px 8px;margin-left:4px}.legend-box{display:flex;align-items:center;flex-wrap:wrap;gap:4px 10px;font-size:12px;color:var(--muted);position:sticky;top:0;z-index:2;background:var(--bg, #f6f8fa);padding:4px 0}.legend-box .word.positive{color:#a3302a;font-weight:600}.legend-box .word.negative{color:#22558f;font-weight:600}.legend-box .edge-key.positive{color:var(--positive)}.legend-box .edge-key.negative{color:var(--negative)}.find-word{display:flex;gap:6px;align-items:center;margin:4px 0 8px}.cocluster rect.background{fill:transparent}.cocluster text.more-words{fill:#3b6fb6;font-size:12px;cursor:pointer;text-decoration:underline}.cocluster text.word.picked{font-weight:700;text-decoration:underline}.cocluster g.unit:focus-visible rect.cell,.cocluster text:focus-visible{outline:2px solid #f0a500}svg text{font-family:system-ui,sans-serif}.axis-title{font-size:12px;fill:var(--muted)}.cocluster .cell{stroke:none}.cocluster rect.chip{fill:none;stroke:#9aa5b1;stroke-width:1;rx:3;cursor:pointer}.cocluster text.chip-label{font-size:12px;fill:var(--muted);cursor:pointer}.cocluster text.chip-label.active{fill:#b07800;font-weight:700}.cocluster rect.chip.active{stroke:#f0a500;stroke-width:2.5}.cocluster .unit{cursor:pointer}.cocluster .cloud-box{fill:#fff;stroke:var(--line);cursor:pointer}.cocluster .cloud.active .cloud-box{stroke:#f0a500;stroke-width:2.5}.cocluster text.word{cursor:pointer}.cocluster text.word.positive{fill:#a3302a}.cocluster text.word.negative{fill:#22558f}.cocluster text.word:hover{text-decoration:underline}.cocluster path.edge{fill:none;stroke-opacity:.45}.cocluster path.edge.positive{stroke:var(--positive)}.cocluster path.edge.negative{stroke:var(--negative)}.cocluster g.focused path.edge{stroke-opacity:.08}.cocluster g.focused path.edge.active{stroke-opacity:.85}.boxplots .whisker{stroke:#52606d}.boxplots .iqr{fill:#cbd2d9;stroke:#52606d}.boxplots .std-range{stroke:#7b8794;stroke-dasharray:4 3}.boxplots .std-end{stroke:#7b8794}.boxplots .key text{font-size:12px;fill:var(--muted, #52606d)}.boxplots .key .key-mean{fill:var(--ink)}.boxplots .box.positive .mean{fill:var(--positive)}.boxplots .box.negative .mean{fill:var(--negative)}.boxplots .label{font-size:12px;fill:var(--ink)}.zero{stroke:#9aa5b1;stroke-dasharray:3 3}.bands .band.outer{fill:#d9e2ec}.bands .band.inner{fill:#9fb3c8}.bands .mean-line{fill:none;stroke:var(--ink);stroke-width:1.5}.bands .unit-dot{fill:var(--ink)}.glyphs .token,.decomposition .token{font-size:12px;fill:var(--ink)}.glyphs .cluster-label{font-size:12px;fill:var(--muted)}.glyph-frame{fill:#fff;stroke:#e4e7eb}.glyphs .bar.positive{fill:#e8a19b}.glyphs .bar.negative{fill:#9fbde3}.glyphs .update.positive{fill:var(--positive)}.glyphs .update.negative{fill:var(--negative)}.glyphs .update.shrink{fill:none;stroke:#52606d;stroke-width:1}.glyphs .preserved-frame{fill:none;stroke:#9aa5b1}.glyphs .preserved{fill:#7b8794}.glyphs .baseline{stroke:#52606d}.decomposition .contribution.positive{fill:var(--positive)}.decomposition .contribution.negative{fill:var(--negative)}.predictions{margin:12px 0;table-layout:fixed}.predictions td,.predictions th{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.predictions td div{overflow:hidden;text-overflow:ellipsis}@media(max-width:1400px){.side-by-side{grid-template-columns:1fr}}.cocluster g.unit.picked rect.cell{stroke:#f0a500;stroke-width:3}tr.pair{cursor:pointer}tr.pair:hover,tr.pair.picked{background:#fff4d6}.glyph-key{margin-top:12px}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}.notice{background:#fff8e1;border-left:4px solid #f0b429;padding:6px 10px;margin:6px 0;color:var(--ink)}.notice button{margin-left:8px}.quality{display:flex;flex-direction:column;gap:2px;min-width:220px;max-width:320px}.link-body .quality{max-width:760px}.quality-text{display:flex;flex-direction:column;font-size:12px;line-height:1.3}.quality-warning{color:#8a4b00;font-weight:600}.loss-chart{flex:none;background:#fff;border:1px solid #d8dee4;border-radius:3px}.loss-chart path.train{fill:none;stroke:#3b6fb6;stroke-width:1.5}.loss-chart circle.validation{fill:#d9480f}.loss-chart line.baseline{stroke:#777;stroke-dasharray:3 2}.chosen-quality{min-height:20px;margin:2px 0 6px}.quality .key{font-size:11px}.key-train{color:#3b6fb6;font-weight:700}.key-validation{color:#d9480f}.key-baseline{color:#555}.side-by-side{position:relative}svg.alignment-links{position:absolute;left:0;top:0;pointer-events:none;overflow:visible;z-index:3}svg.alignment-links path.alignment-link{fill:none;stroke:#7b4fa8;stroke-opacity:.45;pointer-events:stroke;cursor:pointer}svg.alignment-links path.alignment-link.picked{stroke:#f0a500;stroke-opacity:1;stroke-width:4}.compare-word{margin-left:16px;align-items:flex-end}.glyphs rect.row-hover{fill:transparent}.glyphs g.chip-row:hover rect.row-hover{fill:#fff4d6}.glyphs g.chip-row:hover text.cluster-label{font-weight:700}.pager{display:flex;gap:8px;align-items:center;margin:6px 0;font-size:13px}.sentence-page{overflow-x:auto}.glyphs rect.mini-chip-frame{fill:none;stroke:#c3cad2}.glyphs g.chip-row:hover rect.mini-chip-frame{stroke:#f0a500;stroke-width:2.5}.word-responses{margin-top:16px}.word-responses h2{font-size:14px}.cocluster g.unit.doubtful{opacity:.3}.cocluster text.word.doubtful{opacity:.4;font-style:italic}.quality-line{color:var(--ink);margin:2px 0}.scan-chart{background:#fff;border:1px solid var(--line);border-radius:4px}.scan-chart .band{fill:#3b6fb6;fill-opacity:.15}.scan-chart .modularity-line{fill:none;stroke:#3b6fb6;stroke-width:2}.scan-chart .stability-line{fill:none;stroke:#d9480f;stroke-width:2;stroke-dasharray:4 2}.scan-chart .axis-title.modularity{fill:#3b6fb6}.scan-chart .axis-title.stability{fill:#d9480f}.scan-chart line.suggested{stroke:#2b8a3e;stroke-width:2}.scan-chart rect.k{fill:transparent;cursor:pointer}.scan-chart rect.k:hover,.scan-chart rect.k:focus-visible{fill:#f0a50033}.trust-tools{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;margin:6px 0 10px}.trust-tools section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 10px}.trust-tools h2{font-size:14px;margin:0 0 6px}.edit-row{display:flex;gap:6px;align-items:center;margin:4px 0;font-size:13px}[hidden]{display:none!important}.trust-tools section>button{margin-bottom:6px}.trust-tools .scan-start{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;margin-bottom:6px}.ablation-chart,.ablation-matrix{background:#fff;border:1px solid var(--line);border-radius:4px}.ablation-chart .control-band{fill:#c3cad2}.ablation-chart .control-mean{stroke:#616e7c}.ablation-chart circle.delta{fill:#3b6fb6}.ablation-chart circle.delta.significant{fill:#c8423a}.ablation-chart .zero{stroke:#9aa5b1;stroke-dasharray:3 2}.ablation-chart text{font-size:12px}.ablation-matrix .z-cell.diagonal rect{stroke:#1f2933;stroke-width:2}.ablation-matrix text{font-size:11px}.vocab-texts,.rnn-parts,.folder-parts{display:flex;flex-direction:column;gap:8px;max-width:100%;min-width:0}details.architecture summary{cursor:pointer}details.architecture ul.states{margin:4px 0 0;padding-left:18px;max-width:520px}details.architecture p.sub{max-width:520px;margin:4px 0 0}.hint{font-size:12px;color:var(--muted);margin:0}.signin form{margin:12px 0}.signin .token-option{margin-top:16px;color:var(--muted)}.signin .token-option[open]{color:var(--ink)}.sso-signin{margin:4px 0 8px}.sso-signin p{margin:6px 0 0;font-size:13px}a.button{display:inline-block;padding:6px 16px;border-radius:4px;text-decoration:none;font-weight:600}a.button.primary{background:#1d5fa8;color:#fff;border:1px solid #1d5fa8}a.button.primary:hover{background:#174d89}.inline-form{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;margin:12px 0}.token-shown{border:1px solid #3f9142;background:#f1f9f1;border-radius:6px;padding:8px 12px;margin:8px 0}.token-shown code{display:block;overflow-wrap:anywhere;-webkit-user-select:all;user-select:all;font-size:13px}.usage{display:inline-flex;gap:8px;align-items:center;white-space:nowrap}.usage-bar{display:inline-block;width:90px;height:8px;background:#e4e7eb;border-radius:4px;overflow:hidden}.usage-bar .fill{display:block;height:100%;background:#3e7cb1}.row-actions{display:inline-flex;flex-wrap:wrap;gap:6px;align-items:center}.badge+.badge,span>.badge{margin-left:6px}.muted{color:var(--muted)}#who a{margin-right:8px}button.danger{color:#b3261e}.ablation-verdict{font-size:15px;line-height:1.45;margin:8px 0 4px;max-width:110ch;padding-left:8px;border-left:3px solid #3b6fb6}.ablation-result>.sub,.ablation-note,.hurt-words .sub{font-size:13px;margin-top:0}.ablation-summary{font-size:14px}.ablation-note:empty{display:none}.ablation-chart circle.delta.below{fill:#fff;stroke:#1d5fa8;stroke-width:2}.ablation-chart .cloud-row.own .cloud-name{font-weight:700}.ablation-chart+.chart-key{margin-top:2px;font-size:12px}.hurt-words{margin:6px 0;font-size:13px}.hurt-list{display:inline;list-style:none;margin:0;padding:0}.hurt-list li{display:inline-block;margin:0 12px 2px 0;white-space:nowrap}.hurt-list .count{color:var(--muted);font-size:12px}.ablation-overview{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:flex-start;margin-top:8px}.ablation-overview>p{flex-basis:100%;margin:4px 0}.chip-verdicts{list-style:none;margin:0;padding:0;font-size:13px}.chip-verdicts li{margin:0 0 4px}.ablation-matrix .matrix-title{fill:var(--ink, #1f2933)}.badge.current{background:#dff3e0;color:#1e5b22}button.danger:disabled{color:var(--muted)}.cocluster-panel .find-slot .find-word{margin:0}.cocluster-panel .find-slot input[type=search]{width:180px}.legend-box .legend-items{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 10px;flex:1 1 420px;min-width:0}.quality-line .verdict{font-weight:600}.quality-line.flat .verdict{color:#8a1c13}.quality-line.weak .verdict{color:#7a4f00}.quality-line.clear .verdict{color:#2b6a30}.quality-line .remedies button{margin:0 2px}.cocluster text.cloud-number{font-size:12px;fill:var(--muted);cursor:pointer}.cocluster text.cloud-number .cloud-id{font-size:13px;font-weight:700;fill:var(--ink)}.cocluster .cloud.active text.cloud-number .cloud-id{fill:#b07800}.cocluster-panel>.trust-tools{margin-top:14px}.cocluster-panel .chosen-words{font-size:13px;padding-bottom:2px}.alignment-export{margin-top:16px}.scroll-box{max-height:360px;overflow:auto}.lists>table[data-testid=models]{grid-column:1 / -1}.share-dialog{border:1px solid var(--line);border-radius:8px;padding:16px 20px;width:min(760px,92vw);box-sizing:border-box;box-shadow:0 8px 30px #1f293340;color:var(--ink)}.share-dialog::backdrop{background:#1f293359}.share-dialog h2{font-size:17px;margin-bottom:4px}.share-dialog h3{font-size:14px;margin:14px 0 0}.share-dialog .inline-form{margin:6px 0}.share-dialog .dialog-actions{display:flex;justify-content:flex-end;margin-top:12px}.copy-field{display:flex;flex-wrap:wrap;align-items:flex-end;gap:8px;margin:6px 0}.copy-field .field{flex:1 1 440px;min-width:0}.copy-field input,.copy-field textarea{font-family:ui-monospace,monospace;font-size:12px;width:100%;box-sizing:border-box}.controls>.inline-form{margin:0}.copy-field .copied{margin:0}.share-slot:empty{display:none}.shared-with-me{margin-bottom:16px}.project-part{margin:16px 0}.project-part h2{font-size:15px}.project-part table+table{margin-top:10px}.link-title{color:var(--muted);font-size:15px}.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:14px;margin:8px 0 16px}.facts dt{color:var(--muted)}.facts dd{margin:0}.embed-page main{padding:6px 8px 4px}.open-in{margin:4px 0 0;font-size:12px;text-align:right}.loss-chart .axis-label{font-size:11px;fill:#5a6473}.trace-box,.causal-box{margin-top:18px}.trace-caption{font-weight:600;margin:4px 0 8px}.trace-chart{background:#fff;border:1px solid var(--line);border-radius:4px}.trace-chart text{font-size:12px}.trace-chart path.trace-line{fill:none;stroke-width:1.5;opacity:.85}.trace-chart path.trace-mean{fill:none;stroke:var(--ink);stroke-width:3.5}.trace-chart line.half-line{stroke:var(--ink);stroke-dasharray:6 4;stroke-width:1}.trace-chart .half-label{fill:var(--muted);font-size:11px}.trace-chart .half-life-mark line{stroke:#c8423a;stroke-width:1.5;stroke-dasharray:2 2}.trace-chart .half-life-mark circle{fill:#c8423a;stroke:#fff;stroke-width:1.5}.trace-chart .trace-label.mean-label{font-weight:700;fill:var(--ink)}.trace-chart .label-lead{stroke:#c3cad2;stroke-width:.7}.cocluster rect.chip.by-half-life{stroke-width:4}.half-life-slot{display:inline-flex;gap:10px;align-items:flex-end}.field.inline{flex-direction:row;align-items:center;gap:4px}.causal-form textarea{min-width:320px}.causal-charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.patch-bars,.control-strip,.attribution-arcs{background:#fff;border:1px solid var(--line);border-radius:4px}.patch-bars text,.control-strip text,.attribution-arcs text{font-size:12px}.patch-bars .patch-bar.before rect{fill:#9aa5b1}.patch-bars .patch-bar.after rect{fill:#c8423a}.control-strip .control-dot{fill:#9aa5b1;opacity:.8}.control-strip .control-mean{stroke:#616e7c;stroke-width:2}.control-strip .patch-delta line{stroke:#c8423a;stroke-width:2}.control-strip .patch-delta circle{fill:#c8423a;stroke:#fff;stroke-width:1.5}.control-strip .z-value{font-size:14px;font-weight:700;fill:var(--ink)}.patch-summary{max-width:1100px}.attribution-arcs path.arc{fill:none;stroke-linecap:round;opacity:.8}.attribution-arcs path.arc.positive{stroke:var(--positive)}.attribution-arcs path.arc.negative{stroke:var(--negative)}.attribution-arcs text.token{cursor:pointer;font-size:13px;fill:var(--ink)}.attribution-arcs text.token.chosen{font-weight:700;text-decoration:underline}.attribution-arcs text.token.later{fill:var(--muted)}.arcs-box{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}.completeness{font-size:11px;color:var(--muted);max-width:320px;margin:0}.causal-progress{display:flex;align-items:center;gap:6px;color:var(--muted);margin:6px 0}.half-life-order{font-size:13px;color:var(--muted)}.timeline-layout{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:16px;align-items:start}.timeline-main{min-width:0}.timeline-chart{background:#fff;border:1px solid var(--line);border-radius:4px;display:block}.timeline-chart .loss-line{fill:none;stroke:var(--ink);stroke-width:1.5}.timeline-chart .majority-line{fill:none;stroke:var(--muted, #6b7280);stroke-width:1.2}.timeline-chart .loss-point{fill:var(--ink);stroke:#fff;stroke-width:1.5}.timeline-chart .column-guide{stroke:#e4e7eb;stroke-dasharray:2 3}.timeline-chart .column-step{font-size:13px;font-weight:600;fill:var(--ink)}.timeline-chart .column-quality,.timeline-chart .column-stability{font-size:12px;fill:var(--muted)}.timeline-chart .ribbon{opacity:.32}.timeline-chart .ribbon.matched{opacity:.5}.timeline-chart .chip{cursor:pointer}.timeline-chart .chip-box{stroke:#fff;stroke-width:1}.timeline-chart .chip-index{font-size:11px;fill:var(--ink);stroke:#fff;stroke-width:3px;paint-order:stroke;pointer-events:none}.timeline-chart .chip:hover .chip-box{stroke:var(--ink)}.timeline-chart.dimmed .ribbon{opacity:.14}.timeline-chart.dimmed .chip:not(.lineage):not(.on-path) .chip-box{opacity:.45}.timeline-chart .ribbon.lineage,.timeline-chart .ribbon.on-path{opacity:.72}.timeline-chart .chip.lineage .chip-box{stroke:#b07800;stroke-width:2}.timeline-chart .chip.selected .chip-box{stroke:#b07800;stroke-width:4}.timeline-chart .chip.on-path .chip-box{stroke:#111;stroke-width:2.5}.timeline-chart .word-path{stroke:#111;stroke-width:2;stroke-dasharray:5 3;pointer-events:none}.timeline-key{margin-top:6px;max-width:1000px}.word-path-line{background:#fff;border:1px solid var(--line);border-radius:4px;padding:6px 10px;margin:8px 0}.word-path-line:empty{display:none}.word-path-line.missing{color:#8a1c13}.timeline-events ul{margin:4px 0;padding-left:18px;font-size:13px}.timeline-events li{margin:2px 0}.timeline-panel{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 12px;min-width:0}.timeline-panel .sub{font-size:13px;margin-top:0}.timeline-panel h3{font-size:13px;margin:10px 0 4px}.timeline-panel .chip-size{margin:2px 0;font-size:13px}.timeline-panel .chip-units{font-size:12px;margin:0;overflow-wrap:anywhere}.timeline-panel .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px}.chip-cloud .cloud-frame{fill:#fff;stroke-width:2}.chip-cloud .cloud-word{fill:var(--ink);font-family:system-ui,sans-serif}ol.lineage{margin:4px 0 8px;padding-left:20px;font-size:13px}ol.lineage li{margin:3px 0}ol.lineage li[aria-current=true]>.chip-link{border-color:#b07800;font-weight:700}ol.lineage .event-note{font-size:12px;color:var(--muted)}.partners .chip-link{margin-left:2px}.timeline-start{display:grid;grid-template-columns:minmax(0,1fr) minmax(300px,420px);gap:16px;align-items:start;margin-bottom:16px}.timeline-start>div{min-width:0}.timeline-start .card .field,.timeline-start .card select,.timeline-start .card input:not([type=number]){max-width:100%;min-width:0}.timeline-start .card .field{align-self:stretch}.export .cite{display:block;max-width:820px;margin:6px 0;padding:8px 12px;background:#fff;border:1px solid var(--line);border-radius:4px}.export .cite pre{white-space:pre-wrap;font-size:12px;margin:0 0 6px}.export .cite p{margin:4px 0;font-size:13px}";
function ce(t, e) {
  return t == null || e == null ? NaN : t < e ? -1 : t > e ? 1 : t >= e ? 0 : NaN;
}
function ui(t, e) {
  return t == null || e == null ? NaN : e < t ? -1 : e > t ? 1 : e >= t ? 0 : NaN;
}
function xa(t) {
  let e, n, a;
  t.length !== 2 ? (e = ce, n = (c, s) => ce(t(c), s), a = (c, s) => t(c) - s) : (e = t === ce || t === ui ? t : pi, n = t, a = t);
  function i(c, s, f = 0, u = c.length) {
    if (f < u) {
      if (e(s, s) !== 0) return u;
      do {
        const l = f + u >>> 1;
        n(c[l], s) < 0 ? f = l + 1 : u = l;
      } while (f < u);
    }
    return f;
  }
  function r(c, s, f = 0, u = c.length) {
    if (f < u) {
      if (e(s, s) !== 0) return u;
      do {
        const l = f + u >>> 1;
        n(c[l], s) <= 0 ? f = l + 1 : u = l;
      } while (f < u);
    }
    return f;
  }
  function o(c, s, f = 0, u = c.length) {
    const l = i(c, s, f, u - 1);
    return l > f && a(c[l - 1], s) > -a(c[l], s) ? l - 1 : l;
  }
  return { left: i, center: o, right: r };
}
function pi() {
  return 0;
}
function bi(t) {
  return t === null ? NaN : +t;
}
const gi = xa(ce), xi = gi.right;
xa(bi).center;
function tn(t, e) {
  let n, a;
  for (const i of t)
    i != null && (n === void 0 ? i >= i && (n = a = i) : (n > i && (n = i), a < i && (a = i)));
  return [n, a];
}
class Be extends Map {
  constructor(e, n = _i) {
    if (super(), Object.defineProperties(this, { _intern: { value: /* @__PURE__ */ new Map() }, _key: { value: n } }), e != null) for (const [a, i] of e) this.set(a, i);
  }
  get(e) {
    return super.get(Mn(this, e));
  }
  has(e) {
    return super.has(Mn(this, e));
  }
  set(e, n) {
    return super.set(mi(this, e), n);
  }
  delete(e) {
    return super.delete(yi(this, e));
  }
}
function Mn({ _intern: t, _key: e }, n) {
  const a = e(n);
  return t.has(a) ? t.get(a) : n;
}
function mi({ _intern: t, _key: e }, n) {
  const a = e(n);
  return t.has(a) ? t.get(a) : (t.set(a, n), n);
}
function yi({ _intern: t, _key: e }, n) {
  const a = e(n);
  return t.has(a) && (n = t.get(a), t.delete(a)), n;
}
function _i(t) {
  return t !== null && typeof t == "object" ? t.valueOf() : t;
}
function An(t) {
  return t;
}
function Nn(t, ...e) {
  return wi(t, An, An, e);
}
function wi(t, e, n, a) {
  return (function i(r, o) {
    if (o >= a.length) return n(r);
    const c = new Be(), s = a[o++];
    let f = -1;
    for (const u of r) {
      const l = s(u, ++f, r), d = c.get(l);
      d ? d.push(u) : c.set(l, [u]);
    }
    for (const [u, l] of c)
      c.set(u, i(l, o));
    return e(c);
  })(t, 0);
}
const vi = Math.sqrt(50), ki = Math.sqrt(10), $i = Math.sqrt(2);
function le(t, e, n) {
  const a = (e - t) / Math.max(0, n), i = Math.floor(Math.log10(a)), r = a / Math.pow(10, i), o = r >= vi ? 10 : r >= ki ? 5 : r >= $i ? 2 : 1;
  let c, s, f;
  return i < 0 ? (f = Math.pow(10, -i) / o, c = Math.round(t * f), s = Math.round(e * f), c / f < t && ++c, s / f > e && --s, f = -f) : (f = Math.pow(10, i) * o, c = Math.round(t / f), s = Math.round(e / f), c * f < t && ++c, s * f > e && --s), s < c && 0.5 <= n && n < 2 ? le(t, e, n * 2) : [c, s, f];
}
function je(t, e, n) {
  if (e = +e, t = +t, n = +n, !(n > 0)) return [];
  if (t === e) return [t];
  const a = e < t, [i, r, o] = a ? le(e, t, n) : le(t, e, n);
  if (!(r >= i)) return [];
  const c = r - i + 1, s = new Array(c);
  if (a)
    if (o < 0) for (let f = 0; f < c; ++f) s[f] = (r - f) / -o;
    else for (let f = 0; f < c; ++f) s[f] = (r - f) * o;
  else if (o < 0) for (let f = 0; f < c; ++f) s[f] = (i + f) / -o;
  else for (let f = 0; f < c; ++f) s[f] = (i + f) * o;
  return s;
}
function Xe(t, e, n) {
  return e = +e, t = +t, n = +n, le(t, e, n)[2];
}
function Mi(t, e, n) {
  e = +e, t = +t, n = +n;
  const a = e < t, i = a ? Xe(e, t, n) : Xe(t, e, n);
  return (a ? -1 : 1) * (i < 0 ? 1 / -i : i);
}
function en(t, e, n) {
  t = +t, e = +e, n = (i = arguments.length) < 2 ? (e = t, t = 0, 1) : i < 3 ? 1 : +n;
  for (var a = -1, i = Math.max(0, Math.ceil((e - t) / n)) | 0, r = new Array(i); ++a < i; )
    r[a] = t + a * n;
  return r;
}
function Ai(t) {
  return t;
}
var $e = 1, Me = 2, Ve = 3, jt = 4, zn = 1e-6;
function Ni(t) {
  return "translate(" + t + ",0)";
}
function zi(t) {
  return "translate(0," + t + ")";
}
function Ei(t) {
  return (e) => +t(e);
}
function Si(t, e) {
  return e = Math.max(0, t.bandwidth() - e * 2) / 2, t.round() && (e = Math.round(e)), (n) => +t(n) + e;
}
function Ci() {
  return !this.__axis;
}
function ma(t, e) {
  var n = [], a = null, i = null, r = 6, o = 6, c = 3, s = typeof window < "u" && window.devicePixelRatio > 1 ? 0 : 0.5, f = t === $e || t === jt ? -1 : 1, u = t === jt || t === Me ? "x" : "y", l = t === $e || t === Ve ? Ni : zi;
  function d(p) {
    var b = a ?? (e.ticks ? e.ticks.apply(e, n) : e.domain()), m = i ?? (e.tickFormat ? e.tickFormat.apply(e, n) : Ai), v = Math.max(r, 0) + c, w = e.range(), k = +w[0] + s, _ = +w[w.length - 1] + s, g = (e.bandwidth ? Si : Ei)(e.copy(), s), $ = p.selection ? p.selection() : p, y = $.selectAll(".domain").data([null]), N = $.selectAll(".tick").data(b, e).order(), q = N.exit(), C = N.enter().append("g").attr("class", "tick"), P = N.select("line"), L = N.select("text");
    y = y.merge(y.enter().insert("path", ".tick").attr("class", "domain").attr("stroke", "currentColor")), N = N.merge(C), P = P.merge(C.append("line").attr("stroke", "currentColor").attr(u + "2", f * r)), L = L.merge(C.append("text").attr("fill", "currentColor").attr(u, f * v).attr("dy", t === $e ? "0em" : t === Ve ? "0.71em" : "0.32em")), p !== $ && (y = y.transition(p), N = N.transition(p), P = P.transition(p), L = L.transition(p), q = q.transition(p).attr("opacity", zn).attr("transform", function(z) {
      return isFinite(z = g(z)) ? l(z + s) : this.getAttribute("transform");
    }), C.attr("opacity", zn).attr("transform", function(z) {
      var D = this.parentNode.__axis;
      return l((D && isFinite(D = D(z)) ? D : g(z)) + s);
    })), q.remove(), y.attr("d", t === jt || t === Me ? o ? "M" + f * o + "," + k + "H" + s + "V" + _ + "H" + f * o : "M" + s + "," + k + "V" + _ : o ? "M" + k + "," + f * o + "V" + s + "H" + _ + "V" + f * o : "M" + k + "," + s + "H" + _), N.attr("opacity", 1).attr("transform", function(z) {
      return l(g(z) + s);
    }), P.attr(u + "2", f * r), L.attr(u, f * v).text(m), $.filter(Ci).attr("fill", "none").attr("font-size", 10).attr("font-family", "sans-serif").attr("text-anchor", t === Me ? "start" : t === jt ? "end" : "middle"), $.each(function() {
      this.__axis = g;
    });
  }
  return d.scale = function(p) {
    return arguments.length ? (e = p, d) : e;
  }, d.ticks = function() {
    return n = Array.from(arguments), d;
  }, d.tickArguments = function(p) {
    return arguments.length ? (n = p == null ? [] : Array.from(p), d) : n.slice();
  }, d.tickValues = function(p) {
    return arguments.length ? (a = p == null ? null : Array.from(p), d) : a && a.slice();
  }, d.tickFormat = function(p) {
    return arguments.length ? (i = p, d) : i;
  }, d.tickSize = function(p) {
    return arguments.length ? (r = o = +p, d) : r;
  }, d.tickSizeInner = function(p) {
    return arguments.length ? (r = +p, d) : r;
  }, d.tickSizeOuter = function(p) {
    return arguments.length ? (o = +p, d) : o;
  }, d.tickPadding = function(p) {
    return arguments.length ? (c = +p, d) : c;
  }, d.offset = function(p) {
    return arguments.length ? (s = +p, d) : s;
  }, d;
}
function nn(t) {
  return ma(Ve, t);
}
function an(t) {
  return ma(jt, t);
}
var Ge = "http://www.w3.org/1999/xhtml", En = {
  svg: "http://www.w3.org/2000/svg",
  xhtml: Ge,
  xlink: "http://www.w3.org/1999/xlink",
  xml: "http://www.w3.org/XML/1998/namespace",
  xmlns: "http://www.w3.org/2000/xmlns/"
};
function ya(t) {
  var e = t += "", n = e.indexOf(":");
  return n >= 0 && (e = t.slice(0, n)) !== "xmlns" && (t = t.slice(n + 1)), En.hasOwnProperty(e) ? { space: En[e], local: t } : t;
}
function qi(t) {
  return function() {
    var e = this.ownerDocument, n = this.namespaceURI;
    return n === Ge && e.documentElement.namespaceURI === Ge ? e.createElement(t) : e.createElementNS(n, t);
  };
}
function Ti(t) {
  return function() {
    return this.ownerDocument.createElementNS(t.space, t.local);
  };
}
function rn(t) {
  var e = ya(t);
  return (e.local ? Ti : qi)(e);
}
function Ri() {
}
function _a(t) {
  return t == null ? Ri : function() {
    return this.querySelector(t);
  };
}
function Pi(t) {
  typeof t != "function" && (t = _a(t));
  for (var e = this._groups, n = e.length, a = new Array(n), i = 0; i < n; ++i)
    for (var r = e[i], o = r.length, c = a[i] = new Array(o), s, f, u = 0; u < o; ++u)
      (s = r[u]) && (f = t.call(s, s.__data__, u, r)) && ("__data__" in s && (f.__data__ = s.__data__), c[u] = f);
  return new it(a, this._parents);
}
function Li(t) {
  return t == null ? [] : Array.isArray(t) ? t : Array.from(t);
}
function Oi() {
  return [];
}
function Ii(t) {
  return t == null ? Oi : function() {
    return this.querySelectorAll(t);
  };
}
function Fi(t) {
  return function() {
    return Li(t.apply(this, arguments));
  };
}
function Hi(t) {
  typeof t == "function" ? t = Fi(t) : t = Ii(t);
  for (var e = this._groups, n = e.length, a = [], i = [], r = 0; r < n; ++r)
    for (var o = e[r], c = o.length, s, f = 0; f < c; ++f)
      (s = o[f]) && (a.push(t.call(s, s.__data__, f, o)), i.push(s));
  return new it(a, i);
}
function Di(t) {
  return function() {
    return this.matches(t);
  };
}
function wa(t) {
  return function(e) {
    return e.matches(t);
  };
}
var Wi = Array.prototype.find;
function Bi(t) {
  return function() {
    return Wi.call(this.children, t);
  };
}
function ji() {
  return this.firstElementChild;
}
function Xi(t) {
  return this.select(t == null ? ji : Bi(typeof t == "function" ? t : wa(t)));
}
var Vi = Array.prototype.filter;
function Gi() {
  return Array.from(this.children);
}
function Ui(t) {
  return function() {
    return Vi.call(this.children, t);
  };
}
function Ki(t) {
  return this.selectAll(t == null ? Gi : Ui(typeof t == "function" ? t : wa(t)));
}
function Yi(t) {
  typeof t != "function" && (t = Di(t));
  for (var e = this._groups, n = e.length, a = new Array(n), i = 0; i < n; ++i)
    for (var r = e[i], o = r.length, c = a[i] = [], s, f = 0; f < o; ++f)
      (s = r[f]) && t.call(s, s.__data__, f, r) && c.push(s);
  return new it(a, this._parents);
}
function va(t) {
  return new Array(t.length);
}
function Zi() {
  return new it(this._enter || this._groups.map(va), this._parents);
}
function de(t, e) {
  this.ownerDocument = t.ownerDocument, this.namespaceURI = t.namespaceURI, this._next = null, this._parent = t, this.__data__ = e;
}
de.prototype = {
  constructor: de,
  appendChild: function(t) {
    return this._parent.insertBefore(t, this._next);
  },
  insertBefore: function(t, e) {
    return this._parent.insertBefore(t, e);
  },
  querySelector: function(t) {
    return this._parent.querySelector(t);
  },
  querySelectorAll: function(t) {
    return this._parent.querySelectorAll(t);
  }
};
function Qi(t) {
  return function() {
    return t;
  };
}
function Ji(t, e, n, a, i, r) {
  for (var o = 0, c, s = e.length, f = r.length; o < f; ++o)
    (c = e[o]) ? (c.__data__ = r[o], a[o] = c) : n[o] = new de(t, r[o]);
  for (; o < s; ++o)
    (c = e[o]) && (i[o] = c);
}
function tr(t, e, n, a, i, r, o) {
  var c, s, f = /* @__PURE__ */ new Map(), u = e.length, l = r.length, d = new Array(u), p;
  for (c = 0; c < u; ++c)
    (s = e[c]) && (d[c] = p = o.call(s, s.__data__, c, e) + "", f.has(p) ? i[c] = s : f.set(p, s));
  for (c = 0; c < l; ++c)
    p = o.call(t, r[c], c, r) + "", (s = f.get(p)) ? (a[c] = s, s.__data__ = r[c], f.delete(p)) : n[c] = new de(t, r[c]);
  for (c = 0; c < u; ++c)
    (s = e[c]) && f.get(d[c]) === s && (i[c] = s);
}
function er(t) {
  return t.__data__;
}
function nr(t, e) {
  if (!arguments.length) return Array.from(this, er);
  var n = e ? tr : Ji, a = this._parents, i = this._groups;
  typeof t != "function" && (t = Qi(t));
  for (var r = i.length, o = new Array(r), c = new Array(r), s = new Array(r), f = 0; f < r; ++f) {
    var u = a[f], l = i[f], d = l.length, p = ar(t.call(u, u && u.__data__, f, a)), b = p.length, m = c[f] = new Array(b), v = o[f] = new Array(b), w = s[f] = new Array(d);
    n(u, l, m, v, w, p, e);
    for (var k = 0, _ = 0, g, $; k < b; ++k)
      if (g = m[k]) {
        for (k >= _ && (_ = k + 1); !($ = v[_]) && ++_ < b; ) ;
        g._next = $ || null;
      }
  }
  return o = new it(o, a), o._enter = c, o._exit = s, o;
}
function ar(t) {
  return typeof t == "object" && "length" in t ? t : Array.from(t);
}
function ir() {
  return new it(this._exit || this._groups.map(va), this._parents);
}
function rr(t, e, n) {
  var a = this.enter(), i = this, r = this.exit();
  return typeof t == "function" ? (a = t(a), a && (a = a.selection())) : a = a.append(t + ""), e != null && (i = e(i), i && (i = i.selection())), n == null ? r.remove() : n(r), a && i ? a.merge(i).order() : i;
}
function cr(t) {
  for (var e = t.selection ? t.selection() : t, n = this._groups, a = e._groups, i = n.length, r = a.length, o = Math.min(i, r), c = new Array(i), s = 0; s < o; ++s)
    for (var f = n[s], u = a[s], l = f.length, d = c[s] = new Array(l), p, b = 0; b < l; ++b)
      (p = f[b] || u[b]) && (d[b] = p);
  for (; s < i; ++s)
    c[s] = n[s];
  return new it(c, this._parents);
}
function or() {
  for (var t = this._groups, e = -1, n = t.length; ++e < n; )
    for (var a = t[e], i = a.length - 1, r = a[i], o; --i >= 0; )
      (o = a[i]) && (r && o.compareDocumentPosition(r) ^ 4 && r.parentNode.insertBefore(o, r), r = o);
  return this;
}
function sr(t) {
  t || (t = fr);
  function e(l, d) {
    return l && d ? t(l.__data__, d.__data__) : !l - !d;
  }
  for (var n = this._groups, a = n.length, i = new Array(a), r = 0; r < a; ++r) {
    for (var o = n[r], c = o.length, s = i[r] = new Array(c), f, u = 0; u < c; ++u)
      (f = o[u]) && (s[u] = f);
    s.sort(e);
  }
  return new it(i, this._parents).order();
}
function fr(t, e) {
  return t < e ? -1 : t > e ? 1 : t >= e ? 0 : NaN;
}
function lr() {
  var t = arguments[0];
  return arguments[0] = this, t.apply(null, arguments), this;
}
function dr() {
  return Array.from(this);
}
function hr() {
  for (var t = this._groups, e = 0, n = t.length; e < n; ++e)
    for (var a = t[e], i = 0, r = a.length; i < r; ++i) {
      var o = a[i];
      if (o) return o;
    }
  return null;
}
function ur() {
  let t = 0;
  for (const e of this) ++t;
  return t;
}
function pr() {
  return !this.node();
}
function br(t) {
  for (var e = this._groups, n = 0, a = e.length; n < a; ++n)
    for (var i = e[n], r = 0, o = i.length, c; r < o; ++r)
      (c = i[r]) && t.call(c, c.__data__, r, i);
  return this;
}
function gr(t) {
  return function() {
    this.removeAttribute(t);
  };
}
function xr(t) {
  return function() {
    this.removeAttributeNS(t.space, t.local);
  };
}
function mr(t, e) {
  return function() {
    this.setAttribute(t, e);
  };
}
function yr(t, e) {
  return function() {
    this.setAttributeNS(t.space, t.local, e);
  };
}
function _r(t, e) {
  return function() {
    var n = e.apply(this, arguments);
    n == null ? this.removeAttribute(t) : this.setAttribute(t, n);
  };
}
function wr(t, e) {
  return function() {
    var n = e.apply(this, arguments);
    n == null ? this.removeAttributeNS(t.space, t.local) : this.setAttributeNS(t.space, t.local, n);
  };
}
function vr(t, e) {
  var n = ya(t);
  if (arguments.length < 2) {
    var a = this.node();
    return n.local ? a.getAttributeNS(n.space, n.local) : a.getAttribute(n);
  }
  return this.each((e == null ? n.local ? xr : gr : typeof e == "function" ? n.local ? wr : _r : n.local ? yr : mr)(n, e));
}
function ka(t) {
  return t.ownerDocument && t.ownerDocument.defaultView || t.document && t || t.defaultView;
}
function kr(t) {
  return function() {
    this.style.removeProperty(t);
  };
}
function $r(t, e, n) {
  return function() {
    this.style.setProperty(t, e, n);
  };
}
function Mr(t, e, n) {
  return function() {
    var a = e.apply(this, arguments);
    a == null ? this.style.removeProperty(t) : this.style.setProperty(t, a, n);
  };
}
function Ar(t, e, n) {
  return arguments.length > 1 ? this.each((e == null ? kr : typeof e == "function" ? Mr : $r)(t, e, n ?? "")) : Nr(this.node(), t);
}
function Nr(t, e) {
  return t.style.getPropertyValue(e) || ka(t).getComputedStyle(t, null).getPropertyValue(e);
}
function zr(t) {
  return function() {
    delete this[t];
  };
}
function Er(t, e) {
  return function() {
    this[t] = e;
  };
}
function Sr(t, e) {
  return function() {
    var n = e.apply(this, arguments);
    n == null ? delete this[t] : this[t] = n;
  };
}
function Cr(t, e) {
  return arguments.length > 1 ? this.each((e == null ? zr : typeof e == "function" ? Sr : Er)(t, e)) : this.node()[t];
}
function $a(t) {
  return t.trim().split(/^|\s+/);
}
function cn(t) {
  return t.classList || new Ma(t);
}
function Ma(t) {
  this._node = t, this._names = $a(t.getAttribute("class") || "");
}
Ma.prototype = {
  add: function(t) {
    var e = this._names.indexOf(t);
    e < 0 && (this._names.push(t), this._node.setAttribute("class", this._names.join(" ")));
  },
  remove: function(t) {
    var e = this._names.indexOf(t);
    e >= 0 && (this._names.splice(e, 1), this._node.setAttribute("class", this._names.join(" ")));
  },
  contains: function(t) {
    return this._names.indexOf(t) >= 0;
  }
};
function Aa(t, e) {
  for (var n = cn(t), a = -1, i = e.length; ++a < i; ) n.add(e[a]);
}
function Na(t, e) {
  for (var n = cn(t), a = -1, i = e.length; ++a < i; ) n.remove(e[a]);
}
function qr(t) {
  return function() {
    Aa(this, t);
  };
}
function Tr(t) {
  return function() {
    Na(this, t);
  };
}
function Rr(t, e) {
  return function() {
    (e.apply(this, arguments) ? Aa : Na)(this, t);
  };
}
function Pr(t, e) {
  var n = $a(t + "");
  if (arguments.length < 2) {
    for (var a = cn(this.node()), i = -1, r = n.length; ++i < r; ) if (!a.contains(n[i])) return !1;
    return !0;
  }
  return this.each((typeof e == "function" ? Rr : e ? qr : Tr)(n, e));
}
function Lr() {
  this.textContent = "";
}
function Or(t) {
  return function() {
    this.textContent = t;
  };
}
function Ir(t) {
  return function() {
    var e = t.apply(this, arguments);
    this.textContent = e ?? "";
  };
}
function Fr(t) {
  return arguments.length ? this.each(t == null ? Lr : (typeof t == "function" ? Ir : Or)(t)) : this.node().textContent;
}
function Hr() {
  this.innerHTML = "";
}
function Dr(t) {
  return function() {
    this.innerHTML = t;
  };
}
function Wr(t) {
  return function() {
    var e = t.apply(this, arguments);
    this.innerHTML = e ?? "";
  };
}
function Br(t) {
  return arguments.length ? this.each(t == null ? Hr : (typeof t == "function" ? Wr : Dr)(t)) : this.node().innerHTML;
}
function jr() {
  this.nextSibling && this.parentNode.appendChild(this);
}
function Xr() {
  return this.each(jr);
}
function Vr() {
  this.previousSibling && this.parentNode.insertBefore(this, this.parentNode.firstChild);
}
function Gr() {
  return this.each(Vr);
}
function Ur(t) {
  var e = typeof t == "function" ? t : rn(t);
  return this.select(function() {
    return this.appendChild(e.apply(this, arguments));
  });
}
function Kr() {
  return null;
}
function Yr(t, e) {
  var n = typeof t == "function" ? t : rn(t), a = e == null ? Kr : typeof e == "function" ? e : _a(e);
  return this.select(function() {
    return this.insertBefore(n.apply(this, arguments), a.apply(this, arguments) || null);
  });
}
function Zr() {
  var t = this.parentNode;
  t && t.removeChild(this);
}
function Qr() {
  return this.each(Zr);
}
function Jr() {
  var t = this.cloneNode(!1), e = this.parentNode;
  return e ? e.insertBefore(t, this.nextSibling) : t;
}
function tc() {
  var t = this.cloneNode(!0), e = this.parentNode;
  return e ? e.insertBefore(t, this.nextSibling) : t;
}
function ec(t) {
  return this.select(t ? tc : Jr);
}
function nc(t) {
  return arguments.length ? this.property("__data__", t) : this.node().__data__;
}
function ac(t) {
  return function(e) {
    t.call(this, e, this.__data__);
  };
}
function ic(t) {
  return t.trim().split(/^|\s+/).map(function(e) {
    var n = "", a = e.indexOf(".");
    return a >= 0 && (n = e.slice(a + 1), e = e.slice(0, a)), { type: e, name: n };
  });
}
function rc(t) {
  return function() {
    var e = this.__on;
    if (e) {
      for (var n = 0, a = -1, i = e.length, r; n < i; ++n)
        r = e[n], (!t.type || r.type === t.type) && r.name === t.name ? this.removeEventListener(r.type, r.listener, r.options) : e[++a] = r;
      ++a ? e.length = a : delete this.__on;
    }
  };
}
function cc(t, e, n) {
  return function() {
    var a = this.__on, i, r = ac(e);
    if (a) {
      for (var o = 0, c = a.length; o < c; ++o)
        if ((i = a[o]).type === t.type && i.name === t.name) {
          this.removeEventListener(i.type, i.listener, i.options), this.addEventListener(i.type, i.listener = r, i.options = n), i.value = e;
          return;
        }
    }
    this.addEventListener(t.type, r, n), i = { type: t.type, name: t.name, value: e, listener: r, options: n }, a ? a.push(i) : this.__on = [i];
  };
}
function oc(t, e, n) {
  var a = ic(t + ""), i, r = a.length, o;
  if (arguments.length < 2) {
    var c = this.node().__on;
    if (c) {
      for (var s = 0, f = c.length, u; s < f; ++s)
        for (i = 0, u = c[s]; i < r; ++i)
          if ((o = a[i]).type === u.type && o.name === u.name)
            return u.value;
    }
    return;
  }
  for (c = e ? cc : rc, i = 0; i < r; ++i) this.each(c(a[i], e, n));
  return this;
}
function za(t, e, n) {
  var a = ka(t), i = a.CustomEvent;
  typeof i == "function" ? i = new i(e, n) : (i = a.document.createEvent("Event"), n ? (i.initEvent(e, n.bubbles, n.cancelable), i.detail = n.detail) : i.initEvent(e, !1, !1)), t.dispatchEvent(i);
}
function sc(t, e) {
  return function() {
    return za(this, t, e);
  };
}
function fc(t, e) {
  return function() {
    return za(this, t, e.apply(this, arguments));
  };
}
function lc(t, e) {
  return this.each((typeof e == "function" ? fc : sc)(t, e));
}
function* dc() {
  for (var t = this._groups, e = 0, n = t.length; e < n; ++e)
    for (var a = t[e], i = 0, r = a.length, o; i < r; ++i)
      (o = a[i]) && (yield o);
}
var hc = [null];
function it(t, e) {
  this._groups = t, this._parents = e;
}
function uc() {
  return this;
}
it.prototype = {
  constructor: it,
  select: Pi,
  selectAll: Hi,
  selectChild: Xi,
  selectChildren: Ki,
  filter: Yi,
  data: nr,
  enter: Zi,
  exit: ir,
  join: rr,
  merge: cr,
  selection: uc,
  order: or,
  sort: sr,
  call: lr,
  nodes: dr,
  node: hr,
  size: ur,
  empty: pr,
  each: br,
  attr: vr,
  style: Ar,
  property: Cr,
  classed: Pr,
  text: Fr,
  html: Br,
  raise: Xr,
  lower: Gr,
  append: Ur,
  insert: Yr,
  remove: Qr,
  clone: ec,
  datum: nc,
  on: oc,
  dispatch: lc,
  [Symbol.iterator]: dc
};
function Ht(t) {
  return typeof t == "string" ? new it([[document.querySelector(t)]], [document.documentElement]) : new it([[t]], hc);
}
function Ea(t) {
  return Ht(rn(t).call(document.documentElement));
}
var pc = 0;
function Sn() {
  this._ = "@" + (++pc).toString(36);
}
Sn.prototype = {
  constructor: Sn,
  get: function(t) {
    for (var e = this._; !(e in t); ) if (!(t = t.parentNode)) return;
    return t[e];
  },
  set: function(t, e) {
    return t[this._] = e;
  },
  remove: function(t) {
    return this._ in t && delete t[this._];
  },
  toString: function() {
    return this._;
  }
};
function Dt(t, e, n) {
  t.prototype = e.prototype = n, n.constructor = t;
}
function Zt(t, e) {
  var n = Object.create(t.prototype);
  for (var a in e) n[a] = e[a];
  return n;
}
function mt() {
}
var zt = 0.7, Ot = 1 / zt, Rt = "\\s*([+-]?\\d+)\\s*", Gt = "\\s*([+-]?(?:\\d*\\.)?\\d+(?:[eE][+-]?\\d+)?)\\s*", ft = "\\s*([+-]?(?:\\d*\\.)?\\d+(?:[eE][+-]?\\d+)?)%\\s*", bc = /^#([0-9a-f]{3,8})$/, gc = new RegExp(`^rgb\\(${Rt},${Rt},${Rt}\\)$`), xc = new RegExp(`^rgb\\(${ft},${ft},${ft}\\)$`), mc = new RegExp(`^rgba\\(${Rt},${Rt},${Rt},${Gt}\\)$`), yc = new RegExp(`^rgba\\(${ft},${ft},${ft},${Gt}\\)$`), _c = new RegExp(`^hsl\\(${Gt},${ft},${ft}\\)$`), wc = new RegExp(`^hsla\\(${Gt},${ft},${ft},${Gt}\\)$`), Cn = {
  aliceblue: 15792383,
  antiquewhite: 16444375,
  aqua: 65535,
  aquamarine: 8388564,
  azure: 15794175,
  beige: 16119260,
  bisque: 16770244,
  black: 0,
  blanchedalmond: 16772045,
  blue: 255,
  blueviolet: 9055202,
  brown: 10824234,
  burlywood: 14596231,
  cadetblue: 6266528,
  chartreuse: 8388352,
  chocolate: 13789470,
  coral: 16744272,
  cornflowerblue: 6591981,
  cornsilk: 16775388,
  crimson: 14423100,
  cyan: 65535,
  darkblue: 139,
  darkcyan: 35723,
  darkgoldenrod: 12092939,
  darkgray: 11119017,
  darkgreen: 25600,
  darkgrey: 11119017,
  darkkhaki: 12433259,
  darkmagenta: 9109643,
  darkolivegreen: 5597999,
  darkorange: 16747520,
  darkorchid: 10040012,
  darkred: 9109504,
  darksalmon: 15308410,
  darkseagreen: 9419919,
  darkslateblue: 4734347,
  darkslategray: 3100495,
  darkslategrey: 3100495,
  darkturquoise: 52945,
  darkviolet: 9699539,
  deeppink: 16716947,
  deepskyblue: 49151,
  dimgray: 6908265,
  dimgrey: 6908265,
  dodgerblue: 2003199,
  firebrick: 11674146,
  floralwhite: 16775920,
  forestgreen: 2263842,
  fuchsia: 16711935,
  gainsboro: 14474460,
  ghostwhite: 16316671,
  gold: 16766720,
  goldenrod: 14329120,
  gray: 8421504,
  green: 32768,
  greenyellow: 11403055,
  grey: 8421504,
  honeydew: 15794160,
  hotpink: 16738740,
  indianred: 13458524,
  indigo: 4915330,
  ivory: 16777200,
  khaki: 15787660,
  lavender: 15132410,
  lavenderblush: 16773365,
  lawngreen: 8190976,
  lemonchiffon: 16775885,
  lightblue: 11393254,
  lightcoral: 15761536,
  lightcyan: 14745599,
  lightgoldenrodyellow: 16448210,
  lightgray: 13882323,
  lightgreen: 9498256,
  lightgrey: 13882323,
  lightpink: 16758465,
  lightsalmon: 16752762,
  lightseagreen: 2142890,
  lightskyblue: 8900346,
  lightslategray: 7833753,
  lightslategrey: 7833753,
  lightsteelblue: 11584734,
  lightyellow: 16777184,
  lime: 65280,
  limegreen: 3329330,
  linen: 16445670,
  magenta: 16711935,
  maroon: 8388608,
  mediumaquamarine: 6737322,
  mediumblue: 205,
  mediumorchid: 12211667,
  mediumpurple: 9662683,
  mediumseagreen: 3978097,
  mediumslateblue: 8087790,
  mediumspringgreen: 64154,
  mediumturquoise: 4772300,
  mediumvioletred: 13047173,
  midnightblue: 1644912,
  mintcream: 16121850,
  mistyrose: 16770273,
  moccasin: 16770229,
  navajowhite: 16768685,
  navy: 128,
  oldlace: 16643558,
  olive: 8421376,
  olivedrab: 7048739,
  orange: 16753920,
  orangered: 16729344,
  orchid: 14315734,
  palegoldenrod: 15657130,
  palegreen: 10025880,
  paleturquoise: 11529966,
  palevioletred: 14381203,
  papayawhip: 16773077,
  peachpuff: 16767673,
  peru: 13468991,
  pink: 16761035,
  plum: 14524637,
  powderblue: 11591910,
  purple: 8388736,
  rebeccapurple: 6697881,
  red: 16711680,
  rosybrown: 12357519,
  royalblue: 4286945,
  saddlebrown: 9127187,
  salmon: 16416882,
  sandybrown: 16032864,
  seagreen: 3050327,
  seashell: 16774638,
  sienna: 10506797,
  silver: 12632256,
  skyblue: 8900331,
  slateblue: 6970061,
  slategray: 7372944,
  slategrey: 7372944,
  snow: 16775930,
  springgreen: 65407,
  steelblue: 4620980,
  tan: 13808780,
  teal: 32896,
  thistle: 14204888,
  tomato: 16737095,
  turquoise: 4251856,
  violet: 15631086,
  wheat: 16113331,
  white: 16777215,
  whitesmoke: 16119285,
  yellow: 16776960,
  yellowgreen: 10145074
};
Dt(mt, It, {
  copy(t) {
    return Object.assign(new this.constructor(), this, t);
  },
  displayable() {
    return this.rgb().displayable();
  },
  hex: qn,
  // Deprecated! Use color.formatHex.
  formatHex: qn,
  formatHex8: vc,
  formatHsl: kc,
  formatRgb: Tn,
  toString: Tn
});
function qn() {
  return this.rgb().formatHex();
}
function vc() {
  return this.rgb().formatHex8();
}
function kc() {
  return Sa(this).formatHsl();
}
function Tn() {
  return this.rgb().formatRgb();
}
function It(t) {
  var e, n;
  return t = (t + "").trim().toLowerCase(), (e = bc.exec(t)) ? (n = e[1].length, e = parseInt(e[1], 16), n === 6 ? Rn(e) : n === 3 ? new Y(e >> 8 & 15 | e >> 4 & 240, e >> 4 & 15 | e & 240, (e & 15) << 4 | e & 15, 1) : n === 8 ? te(e >> 24 & 255, e >> 16 & 255, e >> 8 & 255, (e & 255) / 255) : n === 4 ? te(e >> 12 & 15 | e >> 8 & 240, e >> 8 & 15 | e >> 4 & 240, e >> 4 & 15 | e & 240, ((e & 15) << 4 | e & 15) / 255) : null) : (e = gc.exec(t)) ? new Y(e[1], e[2], e[3], 1) : (e = xc.exec(t)) ? new Y(e[1] * 255 / 100, e[2] * 255 / 100, e[3] * 255 / 100, 1) : (e = mc.exec(t)) ? te(e[1], e[2], e[3], e[4]) : (e = yc.exec(t)) ? te(e[1] * 255 / 100, e[2] * 255 / 100, e[3] * 255 / 100, e[4]) : (e = _c.exec(t)) ? On(e[1], e[2] / 100, e[3] / 100, 1) : (e = wc.exec(t)) ? On(e[1], e[2] / 100, e[3] / 100, e[4]) : Cn.hasOwnProperty(t) ? Rn(Cn[t]) : t === "transparent" ? new Y(NaN, NaN, NaN, 0) : null;
}
function Rn(t) {
  return new Y(t >> 16 & 255, t >> 8 & 255, t & 255, 1);
}
function te(t, e, n, a) {
  return a <= 0 && (t = e = n = NaN), new Y(t, e, n, a);
}
function on(t) {
  return t instanceof mt || (t = It(t)), t ? (t = t.rgb(), new Y(t.r, t.g, t.b, t.opacity)) : new Y();
}
function Ut(t, e, n, a) {
  return arguments.length === 1 ? on(t) : new Y(t, e, n, a ?? 1);
}
function Y(t, e, n, a) {
  this.r = +t, this.g = +e, this.b = +n, this.opacity = +a;
}
Dt(Y, Ut, Zt(mt, {
  brighter(t) {
    return t = t == null ? Ot : Math.pow(Ot, t), new Y(this.r * t, this.g * t, this.b * t, this.opacity);
  },
  darker(t) {
    return t = t == null ? zt : Math.pow(zt, t), new Y(this.r * t, this.g * t, this.b * t, this.opacity);
  },
  rgb() {
    return this;
  },
  clamp() {
    return new Y(At(this.r), At(this.g), At(this.b), he(this.opacity));
  },
  displayable() {
    return -0.5 <= this.r && this.r < 255.5 && -0.5 <= this.g && this.g < 255.5 && -0.5 <= this.b && this.b < 255.5 && 0 <= this.opacity && this.opacity <= 1;
  },
  hex: Pn,
  // Deprecated! Use color.formatHex.
  formatHex: Pn,
  formatHex8: $c,
  formatRgb: Ln,
  toString: Ln
}));
function Pn() {
  return `#${Mt(this.r)}${Mt(this.g)}${Mt(this.b)}`;
}
function $c() {
  return `#${Mt(this.r)}${Mt(this.g)}${Mt(this.b)}${Mt((isNaN(this.opacity) ? 1 : this.opacity) * 255)}`;
}
function Ln() {
  const t = he(this.opacity);
  return `${t === 1 ? "rgb(" : "rgba("}${At(this.r)}, ${At(this.g)}, ${At(this.b)}${t === 1 ? ")" : `, ${t})`}`;
}
function he(t) {
  return isNaN(t) ? 1 : Math.max(0, Math.min(1, t));
}
function At(t) {
  return Math.max(0, Math.min(255, Math.round(t) || 0));
}
function Mt(t) {
  return t = At(t), (t < 16 ? "0" : "") + t.toString(16);
}
function On(t, e, n, a) {
  return a <= 0 ? t = e = n = NaN : n <= 0 || n >= 1 ? t = e = NaN : e <= 0 && (t = NaN), new rt(t, e, n, a);
}
function Sa(t) {
  if (t instanceof rt) return new rt(t.h, t.s, t.l, t.opacity);
  if (t instanceof mt || (t = It(t)), !t) return new rt();
  if (t instanceof rt) return t;
  t = t.rgb();
  var e = t.r / 255, n = t.g / 255, a = t.b / 255, i = Math.min(e, n, a), r = Math.max(e, n, a), o = NaN, c = r - i, s = (r + i) / 2;
  return c ? (e === r ? o = (n - a) / c + (n < a) * 6 : n === r ? o = (a - e) / c + 2 : o = (e - n) / c + 4, c /= s < 0.5 ? r + i : 2 - r - i, o *= 60) : c = s > 0 && s < 1 ? 0 : o, new rt(o, c, s, t.opacity);
}
function Mc(t, e, n, a) {
  return arguments.length === 1 ? Sa(t) : new rt(t, e, n, a ?? 1);
}
function rt(t, e, n, a) {
  this.h = +t, this.s = +e, this.l = +n, this.opacity = +a;
}
Dt(rt, Mc, Zt(mt, {
  brighter(t) {
    return t = t == null ? Ot : Math.pow(Ot, t), new rt(this.h, this.s, this.l * t, this.opacity);
  },
  darker(t) {
    return t = t == null ? zt : Math.pow(zt, t), new rt(this.h, this.s, this.l * t, this.opacity);
  },
  rgb() {
    var t = this.h % 360 + (this.h < 0) * 360, e = isNaN(t) || isNaN(this.s) ? 0 : this.s, n = this.l, a = n + (n < 0.5 ? n : 1 - n) * e, i = 2 * n - a;
    return new Y(
      Ae(t >= 240 ? t - 240 : t + 120, i, a),
      Ae(t, i, a),
      Ae(t < 120 ? t + 240 : t - 120, i, a),
      this.opacity
    );
  },
  clamp() {
    return new rt(In(this.h), ee(this.s), ee(this.l), he(this.opacity));
  },
  displayable() {
    return (0 <= this.s && this.s <= 1 || isNaN(this.s)) && 0 <= this.l && this.l <= 1 && 0 <= this.opacity && this.opacity <= 1;
  },
  formatHsl() {
    const t = he(this.opacity);
    return `${t === 1 ? "hsl(" : "hsla("}${In(this.h)}, ${ee(this.s) * 100}%, ${ee(this.l) * 100}%${t === 1 ? ")" : `, ${t})`}`;
  }
}));
function In(t) {
  return t = (t || 0) % 360, t < 0 ? t + 360 : t;
}
function ee(t) {
  return Math.max(0, Math.min(1, t || 0));
}
function Ae(t, e, n) {
  return (t < 60 ? e + (n - e) * t / 60 : t < 180 ? n : t < 240 ? e + (n - e) * (240 - t) / 60 : e) * 255;
}
const Ca = Math.PI / 180, qa = 180 / Math.PI, ue = 18, Ta = 0.96422, Ra = 1, Pa = 0.82521, La = 4 / 29, Pt = 6 / 29, Oa = 3 * Pt * Pt, Ac = Pt * Pt * Pt;
function Ia(t) {
  if (t instanceof lt) return new lt(t.l, t.a, t.b, t.opacity);
  if (t instanceof ht) return Fa(t);
  t instanceof Y || (t = on(t));
  var e = Se(t.r), n = Se(t.g), a = Se(t.b), i = Ne((0.2225045 * e + 0.7168786 * n + 0.0606169 * a) / Ra), r, o;
  return e === n && n === a ? r = o = i : (r = Ne((0.4360747 * e + 0.3850649 * n + 0.1430804 * a) / Ta), o = Ne((0.0139322 * e + 0.0971045 * n + 0.7141733 * a) / Pa)), new lt(116 * i - 16, 500 * (r - i), 200 * (i - o), t.opacity);
}
function Nc(t, e, n, a) {
  return arguments.length === 1 ? Ia(t) : new lt(t, e, n, a ?? 1);
}
function lt(t, e, n, a) {
  this.l = +t, this.a = +e, this.b = +n, this.opacity = +a;
}
Dt(lt, Nc, Zt(mt, {
  brighter(t) {
    return new lt(this.l + ue * (t ?? 1), this.a, this.b, this.opacity);
  },
  darker(t) {
    return new lt(this.l - ue * (t ?? 1), this.a, this.b, this.opacity);
  },
  rgb() {
    var t = (this.l + 16) / 116, e = isNaN(this.a) ? t : t + this.a / 500, n = isNaN(this.b) ? t : t - this.b / 200;
    return e = Ta * ze(e), t = Ra * ze(t), n = Pa * ze(n), new Y(
      Ee(3.1338561 * e - 1.6168667 * t - 0.4906146 * n),
      Ee(-0.9787684 * e + 1.9161415 * t + 0.033454 * n),
      Ee(0.0719453 * e - 0.2289914 * t + 1.4052427 * n),
      this.opacity
    );
  }
}));
function Ne(t) {
  return t > Ac ? Math.pow(t, 1 / 3) : t / Oa + La;
}
function ze(t) {
  return t > Pt ? t * t * t : Oa * (t - La);
}
function Ee(t) {
  return 255 * (t <= 31308e-7 ? 12.92 * t : 1.055 * Math.pow(t, 1 / 2.4) - 0.055);
}
function Se(t) {
  return (t /= 255) <= 0.04045 ? t / 12.92 : Math.pow((t + 0.055) / 1.055, 2.4);
}
function zc(t) {
  if (t instanceof ht) return new ht(t.h, t.c, t.l, t.opacity);
  if (t instanceof lt || (t = Ia(t)), t.a === 0 && t.b === 0) return new ht(NaN, 0 < t.l && t.l < 100 ? 0 : NaN, t.l, t.opacity);
  var e = Math.atan2(t.b, t.a) * qa;
  return new ht(e < 0 ? e + 360 : e, Math.sqrt(t.a * t.a + t.b * t.b), t.l, t.opacity);
}
function Ec(t, e, n, a) {
  return arguments.length === 1 ? zc(t) : new ht(t, e, n, a ?? 1);
}
function ht(t, e, n, a) {
  this.h = +t, this.c = +e, this.l = +n, this.opacity = +a;
}
function Fa(t) {
  if (isNaN(t.h)) return new lt(t.l, 0, 0, t.opacity);
  var e = t.h * Ca;
  return new lt(t.l, Math.cos(e) * t.c, Math.sin(e) * t.c, t.opacity);
}
Dt(ht, Ec, Zt(mt, {
  brighter(t) {
    return new ht(this.h, this.c, this.l + ue * (t ?? 1), this.opacity);
  },
  darker(t) {
    return new ht(this.h, this.c, this.l - ue * (t ?? 1), this.opacity);
  },
  rgb() {
    return Fa(this).rgb();
  }
}));
var Ha = -0.14861, sn = 1.78277, fn = -0.29227, _e = -0.90649, Kt = 1.97294, Fn = Kt * _e, Hn = Kt * sn, Dn = sn * fn - _e * Ha;
function Sc(t) {
  if (t instanceof Nt) return new Nt(t.h, t.s, t.l, t.opacity);
  t instanceof Y || (t = on(t));
  var e = t.r / 255, n = t.g / 255, a = t.b / 255, i = (Dn * a + Fn * e - Hn * n) / (Dn + Fn - Hn), r = a - i, o = (Kt * (n - i) - fn * r) / _e, c = Math.sqrt(o * o + r * r) / (Kt * i * (1 - i)), s = c ? Math.atan2(o, r) * qa - 120 : NaN;
  return new Nt(s < 0 ? s + 360 : s, c, i, t.opacity);
}
function dt(t, e, n, a) {
  return arguments.length === 1 ? Sc(t) : new Nt(t, e, n, a ?? 1);
}
function Nt(t, e, n, a) {
  this.h = +t, this.s = +e, this.l = +n, this.opacity = +a;
}
Dt(Nt, dt, Zt(mt, {
  brighter(t) {
    return t = t == null ? Ot : Math.pow(Ot, t), new Nt(this.h, this.s, this.l * t, this.opacity);
  },
  darker(t) {
    return t = t == null ? zt : Math.pow(zt, t), new Nt(this.h, this.s, this.l * t, this.opacity);
  },
  rgb() {
    var t = isNaN(this.h) ? 0 : (this.h + 120) * Ca, e = +this.l, n = isNaN(this.s) ? 0 : this.s * e * (1 - e), a = Math.cos(t), i = Math.sin(t);
    return new Y(
      255 * (e + n * (Ha * a + sn * i)),
      255 * (e + n * (fn * a + _e * i)),
      255 * (e + n * (Kt * a)),
      this.opacity
    );
  }
}));
function Cc(t, e, n, a, i) {
  var r = t * t, o = r * t;
  return ((1 - 3 * t + 3 * r - o) * e + (4 - 6 * r + 3 * o) * n + (1 + 3 * t + 3 * r - 3 * o) * a + o * i) / 6;
}
function qc(t) {
  var e = t.length - 1;
  return function(n) {
    var a = n <= 0 ? n = 0 : n >= 1 ? (n = 1, e - 1) : Math.floor(n * e), i = t[a], r = t[a + 1], o = a > 0 ? t[a - 1] : 2 * i - r, c = a < e - 1 ? t[a + 2] : 2 * r - i;
    return Cc((n - a / e) * e, o, i, r, c);
  };
}
var we = (t) => () => t;
function Da(t, e) {
  return function(n) {
    return t + n * e;
  };
}
function Tc(t, e, n) {
  return t = Math.pow(t, n), e = Math.pow(e, n) - t, n = 1 / n, function(a) {
    return Math.pow(t + a * e, n);
  };
}
function Rc(t, e) {
  var n = e - t;
  return n ? Da(t, n > 180 || n < -180 ? n - 360 * Math.round(n / 360) : n) : we(isNaN(t) ? e : t);
}
function Pc(t) {
  return (t = +t) == 1 ? Lt : function(e, n) {
    return n - e ? Tc(e, n, t) : we(isNaN(e) ? n : e);
  };
}
function Lt(t, e) {
  var n = e - t;
  return n ? Da(t, n) : we(isNaN(t) ? e : t);
}
var Wn = (function t(e) {
  var n = Pc(e);
  function a(i, r) {
    var o = n((i = Ut(i)).r, (r = Ut(r)).r), c = n(i.g, r.g), s = n(i.b, r.b), f = Lt(i.opacity, r.opacity);
    return function(u) {
      return i.r = o(u), i.g = c(u), i.b = s(u), i.opacity = f(u), i + "";
    };
  }
  return a.gamma = t, a;
})(1);
function Lc(t) {
  return function(e) {
    var n = e.length, a = new Array(n), i = new Array(n), r = new Array(n), o, c;
    for (o = 0; o < n; ++o)
      c = Ut(e[o]), a[o] = c.r || 0, i[o] = c.g || 0, r[o] = c.b || 0;
    return a = t(a), i = t(i), r = t(r), c.opacity = 1, function(s) {
      return c.r = a(s), c.g = i(s), c.b = r(s), c + "";
    };
  };
}
var Oc = Lc(qc);
function Ic(t, e) {
  e || (e = []);
  var n = t ? Math.min(e.length, t.length) : 0, a = e.slice(), i;
  return function(r) {
    for (i = 0; i < n; ++i) a[i] = t[i] * (1 - r) + e[i] * r;
    return a;
  };
}
function Fc(t) {
  return ArrayBuffer.isView(t) && !(t instanceof DataView);
}
function Hc(t, e) {
  var n = e ? e.length : 0, a = t ? Math.min(n, t.length) : 0, i = new Array(a), r = new Array(n), o;
  for (o = 0; o < a; ++o) i[o] = Wt(t[o], e[o]);
  for (; o < n; ++o) r[o] = e[o];
  return function(c) {
    for (o = 0; o < a; ++o) r[o] = i[o](c);
    return r;
  };
}
function Dc(t, e) {
  var n = /* @__PURE__ */ new Date();
  return t = +t, e = +e, function(a) {
    return n.setTime(t * (1 - a) + e * a), n;
  };
}
function pe(t, e) {
  return t = +t, e = +e, function(n) {
    return t * (1 - n) + e * n;
  };
}
function Wc(t, e) {
  var n = {}, a = {}, i;
  (t === null || typeof t != "object") && (t = {}), (e === null || typeof e != "object") && (e = {});
  for (i in e)
    i in t ? n[i] = Wt(t[i], e[i]) : a[i] = e[i];
  return function(r) {
    for (i in n) a[i] = n[i](r);
    return a;
  };
}
var Ue = /[-+]?(?:\d+\.?\d*|\.?\d+)(?:[eE][-+]?\d+)?/g, Ce = new RegExp(Ue.source, "g");
function Bc(t) {
  return function() {
    return t;
  };
}
function jc(t) {
  return function(e) {
    return t(e) + "";
  };
}
function Xc(t, e) {
  var n = Ue.lastIndex = Ce.lastIndex = 0, a, i, r, o = -1, c = [], s = [];
  for (t = t + "", e = e + ""; (a = Ue.exec(t)) && (i = Ce.exec(e)); )
    (r = i.index) > n && (r = e.slice(n, r), c[o] ? c[o] += r : c[++o] = r), (a = a[0]) === (i = i[0]) ? c[o] ? c[o] += i : c[++o] = i : (c[++o] = null, s.push({ i: o, x: pe(a, i) })), n = Ce.lastIndex;
  return n < e.length && (r = e.slice(n), c[o] ? c[o] += r : c[++o] = r), c.length < 2 ? s[0] ? jc(s[0].x) : Bc(e) : (e = s.length, function(f) {
    for (var u = 0, l; u < e; ++u) c[(l = s[u]).i] = l.x(f);
    return c.join("");
  });
}
function Wt(t, e) {
  var n = typeof e, a;
  return e == null || n === "boolean" ? we(e) : (n === "number" ? pe : n === "string" ? (a = It(e)) ? (e = a, Wn) : Xc : e instanceof It ? Wn : e instanceof Date ? Dc : Fc(e) ? Ic : Array.isArray(e) ? Hc : typeof e.valueOf != "function" && typeof e.toString != "function" || isNaN(e) ? Wc : pe)(t, e);
}
function ln(t, e) {
  return t = +t, e = +e, function(n) {
    return Math.round(t * (1 - n) + e * n);
  };
}
var Vc = 1e-12;
function Bn(t) {
  return ((t = Math.exp(t)) + 1 / t) / 2;
}
function Gc(t) {
  return ((t = Math.exp(t)) - 1 / t) / 2;
}
function Uc(t) {
  return ((t = Math.exp(2 * t)) - 1) / (t + 1);
}
(function t(e, n, a) {
  function i(r, o) {
    var c = r[0], s = r[1], f = r[2], u = o[0], l = o[1], d = o[2], p = u - c, b = l - s, m = p * p + b * b, v, w;
    if (m < Vc)
      w = Math.log(d / f) / e, v = function(N) {
        return [
          c + N * p,
          s + N * b,
          f * Math.exp(e * N * w)
        ];
      };
    else {
      var k = Math.sqrt(m), _ = (d * d - f * f + a * m) / (2 * f * n * k), g = (d * d - f * f - a * m) / (2 * d * n * k), $ = Math.log(Math.sqrt(_ * _ + 1) - _), y = Math.log(Math.sqrt(g * g + 1) - g);
      w = (y - $) / e, v = function(N) {
        var q = N * w, C = Bn($), P = f / (n * k) * (C * Uc(e * q + $) - Gc($));
        return [
          c + P * p,
          s + P * b,
          f * C / Bn(e * q + $)
        ];
      };
    }
    return v.duration = Math.abs(w) * 1e3 * e / Math.SQRT2, v;
  }
  return i.rho = function(r) {
    var o = Math.max(1e-3, +r), c = o * o, s = c * c;
    return t(o, c, s);
  }, i;
})(Math.SQRT2, 2, 4);
function Wa(t) {
  return (function e(n) {
    n = +n;
    function a(i, r) {
      var o = t((i = dt(i)).h, (r = dt(r)).h), c = Lt(i.s, r.s), s = Lt(i.l, r.l), f = Lt(i.opacity, r.opacity);
      return function(u) {
        return i.h = o(u), i.s = c(u), i.l = s(Math.pow(u, n)), i.opacity = f(u), i + "";
      };
    }
    return a.gamma = e, a;
  })(1);
}
Wa(Rc);
var dn = Wa(Lt);
function Kc(t, e) {
  e === void 0 && (e = t, t = Wt);
  for (var n = 0, a = e.length - 1, i = e[0], r = new Array(a < 0 ? 0 : a); n < a; ) r[n] = t(i, i = e[++n]);
  return function(o) {
    var c = Math.max(0, Math.min(a - 1, Math.floor(o *= a)));
    return r[c](o - c);
  };
}
const Xt = Math.PI, Ke = 2 * Xt, $t = 1e-6, Yc = Ke - $t;
function Ba(t) {
  this._ += t[0];
  for (let e = 1, n = t.length; e < n; ++e)
    this._ += arguments[e] + t[e];
}
function Zc(t) {
  let e = Math.floor(t);
  if (!(e >= 0)) throw new Error(`invalid digits: ${t}`);
  if (e > 15) return Ba;
  const n = 10 ** e;
  return function(a) {
    this._ += a[0];
    for (let i = 1, r = a.length; i < r; ++i)
      this._ += Math.round(arguments[i] * n) / n + a[i];
  };
}
function ja(t, e, n, a) {
  return t === n && e === a;
}
function Qc(t) {
  const e = Math.floor(t);
  if (!(e <= 15)) return ja;
  const n = 10 ** e, a = function(i) {
    return Math.round(i * n);
  };
  return function(i, r, o, c) {
    return a(i) === a(o) && a(r) === a(c);
  };
}
class Jc {
  constructor(e) {
    this._x0 = this._y0 = // start of current subpath
    this._x1 = this._y1 = null, this._ = "", this._append = e == null ? Ba : Zc(e), this._equal = e == null ? ja : Qc(e);
  }
  moveTo(e, n) {
    this._append`M${this._x0 = this._x1 = +e},${this._y0 = this._y1 = +n}`;
  }
  closePath() {
    this._x1 !== null && (this._x1 = this._x0, this._y1 = this._y0, this._append`Z`);
  }
  lineTo(e, n) {
    this._append`L${this._x1 = +e},${this._y1 = +n}`;
  }
  quadraticCurveTo(e, n, a, i) {
    this._append`Q${+e},${+n},${this._x1 = +a},${this._y1 = +i}`;
  }
  bezierCurveTo(e, n, a, i, r, o) {
    this._append`C${+e},${+n},${+a},${+i},${this._x1 = +r},${this._y1 = +o}`;
  }
  arcTo(e, n, a, i, r) {
    if (e = +e, n = +n, a = +a, i = +i, r = +r, r < 0) throw new Error(`negative radius: ${r}`);
    let o = this._x1, c = this._y1, s = a - e, f = i - n, u = o - e, l = c - n, d = u * u + l * l;
    if (this._x1 === null)
      this._append`M${this._x1 = e},${this._y1 = n}`;
    else if (d > $t) if (!(Math.abs(l * s - f * u) > $t) || !r)
      this._append`L${this._x1 = e},${this._y1 = n}`;
    else {
      let p = a - o, b = i - c, m = s * s + f * f, v = p * p + b * b, w = Math.sqrt(m), k = Math.sqrt(d), _ = r * Math.tan((Xt - Math.acos((m + d - v) / (2 * w * k))) / 2), g = _ / k, $ = _ / w;
      Math.abs(g - 1) > $t && this._append`L${e + g * u},${n + g * l}`, this._append`A${r},${r},0,0,${+(l * p > u * b)},${this._x1 = e + $ * s},${this._y1 = n + $ * f}`;
    }
  }
  arc(e, n, a, i, r, o) {
    if (e = +e, n = +n, a = +a, o = !!o, a < 0) throw new Error(`negative radius: ${a}`);
    let c = a * Math.cos(i), s = a * Math.sin(i), f = e + c, u = n + s, l = 1 ^ o, d = o ? i - r : r - i;
    if (this._x1 === null ? this._append`M${f},${u}` : (Math.abs(this._x1 - f) > $t || Math.abs(this._y1 - u) > $t) && this._append`L${f},${u}`, !!a) {
      if (d < 0 && (d = d % Ke + Ke), d > Yc)
        this._append`A${a},${a},0,1,${l},${e - c},${n - s}A${a},${a},0,1,${l},${this._x1 = f},${this._y1 = u}`;
      else if (d > $t) {
        const p = e + a * Math.cos(r), b = n + a * Math.sin(r);
        if (d >= Xt && this._equal(f, u, p, b)) {
          d /= 2;
          let m = i + d;
          this._append`A${a},${a},0,${+(d >= Xt)},${l},${e + a * Math.cos(m)},${n + a * Math.sin(m)}`;
        }
        this._append`A${a},${a},0,${+(d >= Xt)},${l},${this._x1 = p},${this._y1 = b}`;
      }
    }
  }
  rect(e, n, a, i) {
    this._append`M${this._x0 = this._x1 = +e},${this._y0 = this._y1 = +n}h${a = +a}v${+i}h${-a}Z`;
  }
  toString() {
    return this._;
  }
}
function to(t) {
  return Math.abs(t = Math.round(t)) >= 1e21 ? t.toLocaleString("en").replace(/,/g, "") : t.toString(10);
}
function be(t, e) {
  if (!isFinite(t) || t === 0) return null;
  var n = (t = e ? t.toExponential(e - 1) : t.toExponential()).indexOf("e"), a = t.slice(0, n);
  return [
    a.length > 1 ? a[0] + a.slice(2) : a,
    +t.slice(n + 1)
  ];
}
function Ft(t) {
  return t = be(Math.abs(t)), t ? t[1] : NaN;
}
function eo(t, e) {
  return function(n, a) {
    for (var i = n.length, r = [], o = 0, c = t[0], s = 0; i > 0 && c > 0 && (s + c + 1 > a && (c = Math.max(1, a - s)), r.push(n.substring(i -= c, i + c)), !((s += c + 1) > a)); )
      c = t[o = (o + 1) % t.length];
    return r.reverse().join(e);
  };
}
function no(t) {
  return function(e) {
    return e.replace(/[0-9]/g, function(n) {
      return t[+n];
    });
  };
}
var ao = /^(?:(.)?([<>=^]))?([+\-( ])?([$#])?(0)?(\d+)?(,)?(\.\d+)?(~)?([a-z%])?$/i;
function Yt(t) {
  if (!(e = ao.exec(t))) throw new Error("invalid format: " + t);
  var e;
  return new hn({
    fill: e[1],
    align: e[2],
    sign: e[3],
    symbol: e[4],
    zero: e[5],
    width: e[6],
    comma: e[7],
    precision: e[8] && e[8].slice(1),
    trim: e[9],
    type: e[10]
  });
}
Yt.prototype = hn.prototype;
function hn(t) {
  this.fill = t.fill === void 0 ? " " : t.fill + "", this.align = t.align === void 0 ? ">" : t.align + "", this.sign = t.sign === void 0 ? "-" : t.sign + "", this.symbol = t.symbol === void 0 ? "" : t.symbol + "", this.zero = !!t.zero, this.width = t.width === void 0 ? void 0 : +t.width, this.comma = !!t.comma, this.precision = t.precision === void 0 ? void 0 : +t.precision, this.trim = !!t.trim, this.type = t.type === void 0 ? "" : t.type + "";
}
hn.prototype.toString = function() {
  return this.fill + this.align + this.sign + this.symbol + (this.zero ? "0" : "") + (this.width === void 0 ? "" : Math.max(1, this.width | 0)) + (this.comma ? "," : "") + (this.precision === void 0 ? "" : "." + Math.max(0, this.precision | 0)) + (this.trim ? "~" : "") + this.type;
};
function io(t) {
  t: for (var e = t.length, n = 1, a = -1, i; n < e; ++n)
    switch (t[n]) {
      case ".":
        a = i = n;
        break;
      case "0":
        a === 0 && (a = n), i = n;
        break;
      default:
        if (!+t[n]) break t;
        a > 0 && (a = 0);
        break;
    }
  return a > 0 ? t.slice(0, a) + t.slice(i + 1) : t;
}
var ge;
function ro(t, e) {
  var n = be(t, e);
  if (!n) return ge = void 0, t.toPrecision(e);
  var a = n[0], i = n[1], r = i - (ge = Math.max(-8, Math.min(8, Math.floor(i / 3))) * 3) + 1, o = a.length;
  return r === o ? a : r > o ? a + new Array(r - o + 1).join("0") : r > 0 ? a.slice(0, r) + "." + a.slice(r) : "0." + new Array(1 - r).join("0") + be(t, Math.max(0, e + r - 1))[0];
}
function jn(t, e) {
  var n = be(t, e);
  if (!n) return t + "";
  var a = n[0], i = n[1];
  return i < 0 ? "0." + new Array(-i).join("0") + a : a.length > i + 1 ? a.slice(0, i + 1) + "." + a.slice(i + 1) : a + new Array(i - a.length + 2).join("0");
}
var Xn = {
  "%": (t, e) => (t * 100).toFixed(e),
  b: (t) => Math.round(t).toString(2),
  c: (t) => t + "",
  d: to,
  e: (t, e) => t.toExponential(e),
  f: (t, e) => t.toFixed(e),
  g: (t, e) => t.toPrecision(e),
  o: (t) => Math.round(t).toString(8),
  p: (t, e) => jn(t * 100, e),
  r: jn,
  s: ro,
  X: (t) => Math.round(t).toString(16).toUpperCase(),
  x: (t) => Math.round(t).toString(16)
};
function Vn(t) {
  return t;
}
var Gn = Array.prototype.map, Un = ["y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"];
function co(t) {
  var e = t.grouping === void 0 || t.thousands === void 0 ? Vn : eo(Gn.call(t.grouping, Number), t.thousands + ""), n = t.currency === void 0 ? "" : t.currency[0] + "", a = t.currency === void 0 ? "" : t.currency[1] + "", i = t.decimal === void 0 ? "." : t.decimal + "", r = t.numerals === void 0 ? Vn : no(Gn.call(t.numerals, String)), o = t.percent === void 0 ? "%" : t.percent + "", c = t.minus === void 0 ? "−" : t.minus + "", s = t.nan === void 0 ? "NaN" : t.nan + "";
  function f(l, d) {
    l = Yt(l);
    var p = l.fill, b = l.align, m = l.sign, v = l.symbol, w = l.zero, k = l.width, _ = l.comma, g = l.precision, $ = l.trim, y = l.type;
    y === "n" ? (_ = !0, y = "g") : Xn[y] || (g === void 0 && (g = 12), $ = !0, y = "g"), (w || p === "0" && b === "=") && (w = !0, p = "0", b = "=");
    var N = (d && d.prefix !== void 0 ? d.prefix : "") + (v === "$" ? n : v === "#" && /[boxX]/.test(y) ? "0" + y.toLowerCase() : ""), q = (v === "$" ? a : /[%p]/.test(y) ? o : "") + (d && d.suffix !== void 0 ? d.suffix : ""), C = Xn[y], P = /[defgprs%]/.test(y);
    g = g === void 0 ? 6 : /[gprs]/.test(y) ? Math.max(1, Math.min(21, g)) : Math.max(0, Math.min(20, g));
    function L(z) {
      var D = N, F = q, x, T, E;
      if (y === "c")
        F = C(z) + F, z = "";
      else {
        z = +z;
        var X = z < 0 || 1 / z < 0;
        if (z = isNaN(z) ? s : C(Math.abs(z), g), $ && (z = io(z)), X && +z == 0 && m !== "+" && (X = !1), D = (X ? m === "(" ? m : c : m === "-" || m === "(" ? "" : m) + D, F = (y === "s" && !isNaN(z) && ge !== void 0 ? Un[8 + ge / 3] : "") + F + (X && m === "(" ? ")" : ""), P) {
          for (x = -1, T = z.length; ++x < T; )
            if (E = z.charCodeAt(x), 48 > E || E > 57) {
              F = (E === 46 ? i + z.slice(x + 1) : z.slice(x)) + F, z = z.slice(0, x);
              break;
            }
        }
      }
      _ && !w && (z = e(z, 1 / 0));
      var K = D.length + z.length + F.length, B = K < k ? new Array(k - K + 1).join(p) : "";
      switch (_ && w && (z = e(B + z, B.length ? k - F.length : 1 / 0), B = ""), b) {
        case "<":
          z = D + z + F + B;
          break;
        case "=":
          z = D + B + z + F;
          break;
        case "^":
          z = B.slice(0, K = B.length >> 1) + D + z + F + B.slice(K);
          break;
        default:
          z = B + D + z + F;
          break;
      }
      return r(z);
    }
    return L.toString = function() {
      return l + "";
    }, L;
  }
  function u(l, d) {
    var p = Math.max(-8, Math.min(8, Math.floor(Ft(d) / 3))) * 3, b = Math.pow(10, -p), m = f((l = Yt(l), l.type = "f", l), { suffix: Un[8 + p / 3] });
    return function(v) {
      return m(b * v);
    };
  }
  return {
    format: f,
    formatPrefix: u
  };
}
var ne, Qt, Xa;
oo({
  thousands: ",",
  grouping: [3],
  currency: ["$", ""]
});
function oo(t) {
  return ne = co(t), Qt = ne.format, Xa = ne.formatPrefix, ne;
}
function so(t) {
  return Math.max(0, -Ft(Math.abs(t)));
}
function fo(t, e) {
  return Math.max(0, Math.max(-8, Math.min(8, Math.floor(Ft(e) / 3))) * 3 - Ft(Math.abs(t)));
}
function lo(t, e) {
  return t = Math.abs(t), e = Math.abs(e) - t, Math.max(0, Ft(e) - Ft(t)) + 1;
}
function un(t, e) {
  switch (arguments.length) {
    case 0:
      break;
    case 1:
      this.range(t);
      break;
    default:
      this.range(e).domain(t);
      break;
  }
  return this;
}
function Va(t, e) {
  switch (arguments.length) {
    case 0:
      break;
    case 1: {
      typeof t == "function" ? this.interpolator(t) : this.range(t);
      break;
    }
    default: {
      this.domain(t), typeof e == "function" ? this.interpolator(e) : this.range(e);
      break;
    }
  }
  return this;
}
const Kn = /* @__PURE__ */ Symbol("implicit");
function pn() {
  var t = new Be(), e = [], n = [], a = Kn;
  function i(r) {
    let o = t.get(r);
    if (o === void 0) {
      if (a !== Kn) return a;
      t.set(r, o = e.push(r) - 1);
    }
    return n[o % n.length];
  }
  return i.domain = function(r) {
    if (!arguments.length) return e.slice();
    e = [], t = new Be();
    for (const o of r)
      t.has(o) || t.set(o, e.push(o) - 1);
    return i;
  }, i.range = function(r) {
    return arguments.length ? (n = Array.from(r), i) : n.slice();
  }, i.unknown = function(r) {
    return arguments.length ? (a = r, i) : a;
  }, i.copy = function() {
    return pn(e, n).unknown(a);
  }, un.apply(i, arguments), i;
}
function Ga() {
  var t = pn().unknown(void 0), e = t.domain, n = t.range, a = 0, i = 1, r, o, c = !1, s = 0, f = 0, u = 0.5;
  delete t.unknown;
  function l() {
    var d = e().length, p = i < a, b = p ? i : a, m = p ? a : i;
    r = (m - b) / Math.max(1, d - s + f * 2), c && (r = Math.floor(r)), b += (m - b - r * (d - s)) * u, o = r * (1 - s), c && (b = Math.round(b), o = Math.round(o));
    var v = en(d).map(function(w) {
      return b + r * w;
    });
    return n(p ? v.reverse() : v);
  }
  return t.domain = function(d) {
    return arguments.length ? (e(d), l()) : e();
  }, t.range = function(d) {
    return arguments.length ? ([a, i] = d, a = +a, i = +i, l()) : [a, i];
  }, t.rangeRound = function(d) {
    return [a, i] = d, a = +a, i = +i, c = !0, l();
  }, t.bandwidth = function() {
    return o;
  }, t.step = function() {
    return r;
  }, t.round = function(d) {
    return arguments.length ? (c = !!d, l()) : c;
  }, t.padding = function(d) {
    return arguments.length ? (s = Math.min(1, f = +d), l()) : s;
  }, t.paddingInner = function(d) {
    return arguments.length ? (s = Math.min(1, d), l()) : s;
  }, t.paddingOuter = function(d) {
    return arguments.length ? (f = +d, l()) : f;
  }, t.align = function(d) {
    return arguments.length ? (u = Math.max(0, Math.min(1, d)), l()) : u;
  }, t.copy = function() {
    return Ga(e(), [a, i]).round(c).paddingInner(s).paddingOuter(f).align(u);
  }, un.apply(l(), arguments);
}
function ho(t) {
  return function() {
    return t;
  };
}
function uo(t) {
  return +t;
}
var Yn = [0, 1];
function ut(t) {
  return t;
}
function Ye(t, e) {
  return (e -= t = +t) ? function(n) {
    return (n - t) / e;
  } : ho(isNaN(e) ? NaN : 0.5);
}
function po(t, e) {
  var n;
  return t > e && (n = t, t = e, e = n), function(a) {
    return Math.max(t, Math.min(e, a));
  };
}
function bo(t, e, n) {
  var a = t[0], i = t[1], r = e[0], o = e[1];
  return i < a ? (a = Ye(i, a), r = n(o, r)) : (a = Ye(a, i), r = n(r, o)), function(c) {
    return r(a(c));
  };
}
function go(t, e, n) {
  var a = Math.min(t.length, e.length) - 1, i = new Array(a), r = new Array(a), o = -1;
  for (t[a] < t[0] && (t = t.slice().reverse(), e = e.slice().reverse()); ++o < a; )
    i[o] = Ye(t[o], t[o + 1]), r[o] = n(e[o], e[o + 1]);
  return function(c) {
    var s = xi(t, c, 1, a) - 1;
    return r[s](i[s](c));
  };
}
function xo(t, e) {
  return e.domain(t.domain()).range(t.range()).interpolate(t.interpolate()).clamp(t.clamp()).unknown(t.unknown());
}
function mo() {
  var t = Yn, e = Yn, n = Wt, a, i, r, o = ut, c, s, f;
  function u() {
    var d = Math.min(t.length, e.length);
    return o !== ut && (o = po(t[0], t[d - 1])), c = d > 2 ? go : bo, s = f = null, l;
  }
  function l(d) {
    return d == null || isNaN(d = +d) ? r : (s || (s = c(t.map(a), e, n)))(a(o(d)));
  }
  return l.invert = function(d) {
    return o(i((f || (f = c(e, t.map(a), pe)))(d)));
  }, l.domain = function(d) {
    return arguments.length ? (t = Array.from(d, uo), u()) : t.slice();
  }, l.range = function(d) {
    return arguments.length ? (e = Array.from(d), u()) : e.slice();
  }, l.rangeRound = function(d) {
    return e = Array.from(d), n = ln, u();
  }, l.clamp = function(d) {
    return arguments.length ? (o = d ? !0 : ut, u()) : o !== ut;
  }, l.interpolate = function(d) {
    return arguments.length ? (n = d, u()) : n;
  }, l.unknown = function(d) {
    return arguments.length ? (r = d, l) : r;
  }, function(d, p) {
    return a = d, i = p, u();
  };
}
function yo() {
  return mo()(ut, ut);
}
function _o(t, e, n, a) {
  var i = Mi(t, e, n), r;
  switch (a = Yt(a ?? ",f"), a.type) {
    case "s": {
      var o = Math.max(Math.abs(t), Math.abs(e));
      return a.precision == null && !isNaN(r = fo(i, o)) && (a.precision = r), Xa(a, o);
    }
    case "":
    case "e":
    case "g":
    case "p":
    case "r": {
      a.precision == null && !isNaN(r = lo(i, Math.max(Math.abs(t), Math.abs(e)))) && (a.precision = r - (a.type === "e"));
      break;
    }
    case "f":
    case "%": {
      a.precision == null && !isNaN(r = so(i)) && (a.precision = r - (a.type === "%") * 2);
      break;
    }
  }
  return Qt(a);
}
function Ua(t) {
  var e = t.domain;
  return t.ticks = function(n) {
    var a = e();
    return je(a[0], a[a.length - 1], n ?? 10);
  }, t.tickFormat = function(n, a) {
    var i = e();
    return _o(i[0], i[i.length - 1], n ?? 10, a);
  }, t.nice = function(n) {
    n == null && (n = 10);
    var a = e(), i = 0, r = a.length - 1, o = a[i], c = a[r], s, f, u = 10;
    for (c < o && (f = o, o = c, c = f, f = i, i = r, r = f); u-- > 0; ) {
      if (f = Xe(o, c, n), f === s)
        return a[i] = o, a[r] = c, e(a);
      if (f > 0)
        o = Math.floor(o / f) * f, c = Math.ceil(c / f) * f;
      else if (f < 0)
        o = Math.ceil(o * f) / f, c = Math.floor(c * f) / f;
      else
        break;
      s = f;
    }
    return t;
  }, t;
}
function pt() {
  var t = yo();
  return t.copy = function() {
    return xo(t, pt());
  }, un.apply(t, arguments), Ua(t);
}
function wo(t, e) {
  t = t.slice();
  var n = 0, a = t.length - 1, i = t[n], r = t[a], o;
  return r < i && (o = n, n = a, a = o, o = i, i = r, r = o), t[n] = e.floor(i), t[a] = e.ceil(r), t;
}
function Zn(t) {
  return Math.log(t);
}
function Qn(t) {
  return Math.exp(t);
}
function vo(t) {
  return -Math.log(-t);
}
function ko(t) {
  return -Math.exp(-t);
}
function $o(t) {
  return isFinite(t) ? +("1e" + t) : t < 0 ? 0 : t;
}
function Mo(t) {
  return t === 10 ? $o : t === Math.E ? Math.exp : (e) => Math.pow(t, e);
}
function Ao(t) {
  return t === Math.E ? Math.log : t === 10 && Math.log10 || t === 2 && Math.log2 || (t = Math.log(t), (e) => Math.log(e) / t);
}
function Jn(t) {
  return (e, n) => -t(-e, n);
}
function No(t) {
  const e = t(Zn, Qn), n = e.domain;
  let a = 10, i, r;
  function o() {
    return i = Ao(a), r = Mo(a), n()[0] < 0 ? (i = Jn(i), r = Jn(r), t(vo, ko)) : t(Zn, Qn), e;
  }
  return e.base = function(c) {
    return arguments.length ? (a = +c, o()) : a;
  }, e.domain = function(c) {
    return arguments.length ? (n(c), o()) : n();
  }, e.ticks = (c) => {
    const s = n();
    let f = s[0], u = s[s.length - 1];
    const l = u < f;
    l && ([f, u] = [u, f]);
    let d = i(f), p = i(u), b, m;
    const v = c == null ? 10 : +c;
    let w = [];
    if (!(a % 1) && p - d < v) {
      if (d = Math.floor(d), p = Math.ceil(p), f > 0) {
        for (; d <= p; ++d)
          for (b = 1; b < a; ++b)
            if (m = d < 0 ? b / r(-d) : b * r(d), !(m < f)) {
              if (m > u) break;
              w.push(m);
            }
      } else for (; d <= p; ++d)
        for (b = a - 1; b >= 1; --b)
          if (m = d > 0 ? b / r(-d) : b * r(d), !(m < f)) {
            if (m > u) break;
            w.push(m);
          }
      w.length * 2 < v && (w = je(f, u, v));
    } else
      w = je(d, p, Math.min(p - d, v)).map(r);
    return l ? w.reverse() : w;
  }, e.tickFormat = (c, s) => {
    if (c == null && (c = 10), s == null && (s = a === 10 ? "s" : ","), typeof s != "function" && (!(a % 1) && (s = Yt(s)).precision == null && (s.trim = !0), s = Qt(s)), c === 1 / 0) return s;
    const f = Math.max(1, a * c / e.ticks().length);
    return (u) => {
      let l = u / r(Math.round(i(u)));
      return l * a < a - 0.5 && (l *= a), l <= f ? s(u) : "";
    };
  }, e.nice = () => n(wo(n(), {
    floor: (c) => r(Math.floor(i(c))),
    ceil: (c) => r(Math.ceil(i(c)))
  })), e;
}
function zo() {
  var t = 0, e = 1, n, a, i, r, o = ut, c = !1, s;
  function f(l) {
    return l == null || isNaN(l = +l) ? s : o(i === 0 ? 0.5 : (l = (r(l) - n) * i, c ? Math.max(0, Math.min(1, l)) : l));
  }
  f.domain = function(l) {
    return arguments.length ? ([t, e] = l, n = r(t = +t), a = r(e = +e), i = n === a ? 0 : 1 / (a - n), f) : [t, e];
  }, f.clamp = function(l) {
    return arguments.length ? (c = !!l, f) : c;
  }, f.interpolator = function(l) {
    return arguments.length ? (o = l, f) : o;
  };
  function u(l) {
    return function(d) {
      var p, b;
      return arguments.length ? ([p, b] = d, o = l(p, b), f) : [o(0), o(1)];
    };
  }
  return f.range = u(Wt), f.rangeRound = u(ln), f.unknown = function(l) {
    return arguments.length ? (s = l, f) : s;
  }, function(l) {
    return r = l, n = l(t), a = l(e), i = n === a ? 0 : 1 / (a - n), f;
  };
}
function Ka(t, e) {
  return e.domain(t.domain()).interpolator(t.interpolator()).clamp(t.clamp()).unknown(t.unknown());
}
function Ya() {
  var t = No(zo()).domain([1, 10]);
  return t.copy = function() {
    return Ka(t, Ya()).base(t.base());
  }, Va.apply(t, arguments);
}
function Eo() {
  var t = 0, e = 0.5, n = 1, a = 1, i, r, o, c, s, f = ut, u, l = !1, d;
  function p(m) {
    return m == null || isNaN(m = +m) ? d : (m = 0.5 + ((m = +u(m)) - r) * (a * m < a * r ? c : s), f(l ? Math.max(0, Math.min(1, m)) : m));
  }
  p.domain = function(m) {
    return arguments.length ? ([t, e, n] = m, i = u(t = +t), r = u(e = +e), o = u(n = +n), c = i === r ? 0 : 0.5 / (r - i), s = r === o ? 0 : 0.5 / (o - r), a = r < i ? -1 : 1, p) : [t, e, n];
  }, p.clamp = function(m) {
    return arguments.length ? (l = !!m, p) : l;
  }, p.interpolator = function(m) {
    return arguments.length ? (f = m, p) : f;
  };
  function b(m) {
    return function(v) {
      var w, k, _;
      return arguments.length ? ([w, k, _] = v, f = Kc(m, [w, k, _]), p) : [f(0), f(0.5), f(1)];
    };
  }
  return p.range = b(Wt), p.rangeRound = b(ln), p.unknown = function(m) {
    return arguments.length ? (d = m, p) : d;
  }, function(m) {
    return u = m, i = m(t), r = m(e), o = m(n), c = i === r ? 0 : 0.5 / (r - i), s = r === o ? 0 : 0.5 / (o - r), a = r < i ? -1 : 1, p;
  };
}
function ve() {
  var t = Ua(Eo()(ut));
  return t.copy = function() {
    return Ka(t, ve());
  }, Va.apply(t, arguments);
}
function O(t) {
  for (var e = t.length / 6 | 0, n = new Array(e), a = 0; a < e; ) n[a] = "#" + t.slice(a * 6, ++a * 6);
  return n;
}
O("1f77b4ff7f0e2ca02cd627289467bd8c564be377c27f7f7fbcbd2217becf");
O("7fc97fbeaed4fdc086ffff99386cb0f0027fbf5b17666666");
var So = O("1b9e77d95f027570b3e7298a66a61ee6ab02a6761d666666");
O("4269d0efb118ff725c6cc5b03ca951ff8ab7a463f297bbf59c6b4e9498a0");
O("a6cee31f78b4b2df8a33a02cfb9a99e31a1cfdbf6fff7f00cab2d66a3d9affff99b15928");
O("fbb4aeb3cde3ccebc5decbe4fed9a6ffffcce5d8bdfddaecf2f2f2");
O("b3e2cdfdcdaccbd5e8f4cae4e6f5c9fff2aef1e2cccccccc");
O("e41a1c377eb84daf4a984ea3ff7f00ffff33a65628f781bf999999");
var Co = O("66c2a5fc8d628da0cbe78ac3a6d854ffd92fe5c494b3b3b3");
O("8dd3c7ffffb3bebadafb807280b1d3fdb462b3de69fccde5d9d9d9bc80bdccebc5ffed6f");
var Za = O("4e79a7f28e2ce1575976b7b259a14fedc949af7aa1ff9da79c755fbab0ab"), j = (t) => Oc(t[t.length - 1]), qo = new Array(3).concat(
  "d8b365f5f5f55ab4ac",
  "a6611adfc27d80cdc1018571",
  "a6611adfc27df5f5f580cdc1018571",
  "8c510ad8b365f6e8c3c7eae55ab4ac01665e",
  "8c510ad8b365f6e8c3f5f5f5c7eae55ab4ac01665e",
  "8c510abf812ddfc27df6e8c3c7eae580cdc135978f01665e",
  "8c510abf812ddfc27df6e8c3f5f5f5c7eae580cdc135978f01665e",
  "5430058c510abf812ddfc27df6e8c3c7eae580cdc135978f01665e003c30",
  "5430058c510abf812ddfc27df6e8c3f5f5f5c7eae580cdc135978f01665e003c30"
).map(O);
j(qo);
var To = new Array(3).concat(
  "af8dc3f7f7f77fbf7b",
  "7b3294c2a5cfa6dba0008837",
  "7b3294c2a5cff7f7f7a6dba0008837",
  "762a83af8dc3e7d4e8d9f0d37fbf7b1b7837",
  "762a83af8dc3e7d4e8f7f7f7d9f0d37fbf7b1b7837",
  "762a839970abc2a5cfe7d4e8d9f0d3a6dba05aae611b7837",
  "762a839970abc2a5cfe7d4e8f7f7f7d9f0d3a6dba05aae611b7837",
  "40004b762a839970abc2a5cfe7d4e8d9f0d3a6dba05aae611b783700441b",
  "40004b762a839970abc2a5cfe7d4e8f7f7f7d9f0d3a6dba05aae611b783700441b"
).map(O);
j(To);
var Ro = new Array(3).concat(
  "e9a3c9f7f7f7a1d76a",
  "d01c8bf1b6dab8e1864dac26",
  "d01c8bf1b6daf7f7f7b8e1864dac26",
  "c51b7de9a3c9fde0efe6f5d0a1d76a4d9221",
  "c51b7de9a3c9fde0eff7f7f7e6f5d0a1d76a4d9221",
  "c51b7dde77aef1b6dafde0efe6f5d0b8e1867fbc414d9221",
  "c51b7dde77aef1b6dafde0eff7f7f7e6f5d0b8e1867fbc414d9221",
  "8e0152c51b7dde77aef1b6dafde0efe6f5d0b8e1867fbc414d9221276419",
  "8e0152c51b7dde77aef1b6dafde0eff7f7f7e6f5d0b8e1867fbc414d9221276419"
).map(O);
j(Ro);
var Po = new Array(3).concat(
  "998ec3f7f7f7f1a340",
  "5e3c99b2abd2fdb863e66101",
  "5e3c99b2abd2f7f7f7fdb863e66101",
  "542788998ec3d8daebfee0b6f1a340b35806",
  "542788998ec3d8daebf7f7f7fee0b6f1a340b35806",
  "5427888073acb2abd2d8daebfee0b6fdb863e08214b35806",
  "5427888073acb2abd2d8daebf7f7f7fee0b6fdb863e08214b35806",
  "2d004b5427888073acb2abd2d8daebfee0b6fdb863e08214b358067f3b08",
  "2d004b5427888073acb2abd2d8daebf7f7f7fee0b6fdb863e08214b358067f3b08"
).map(O);
j(Po);
var Lo = new Array(3).concat(
  "ef8a62f7f7f767a9cf",
  "ca0020f4a58292c5de0571b0",
  "ca0020f4a582f7f7f792c5de0571b0",
  "b2182bef8a62fddbc7d1e5f067a9cf2166ac",
  "b2182bef8a62fddbc7f7f7f7d1e5f067a9cf2166ac",
  "b2182bd6604df4a582fddbc7d1e5f092c5de4393c32166ac",
  "b2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac",
  "67001fb2182bd6604df4a582fddbc7d1e5f092c5de4393c32166ac053061",
  "67001fb2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac053061"
).map(O), Qa = j(Lo), Oo = new Array(3).concat(
  "ef8a62ffffff999999",
  "ca0020f4a582bababa404040",
  "ca0020f4a582ffffffbababa404040",
  "b2182bef8a62fddbc7e0e0e09999994d4d4d",
  "b2182bef8a62fddbc7ffffffe0e0e09999994d4d4d",
  "b2182bd6604df4a582fddbc7e0e0e0bababa8787874d4d4d",
  "b2182bd6604df4a582fddbc7ffffffe0e0e0bababa8787874d4d4d",
  "67001fb2182bd6604df4a582fddbc7e0e0e0bababa8787874d4d4d1a1a1a",
  "67001fb2182bd6604df4a582fddbc7ffffffe0e0e0bababa8787874d4d4d1a1a1a"
).map(O);
j(Oo);
var Io = new Array(3).concat(
  "fc8d59ffffbf91bfdb",
  "d7191cfdae61abd9e92c7bb6",
  "d7191cfdae61ffffbfabd9e92c7bb6",
  "d73027fc8d59fee090e0f3f891bfdb4575b4",
  "d73027fc8d59fee090ffffbfe0f3f891bfdb4575b4",
  "d73027f46d43fdae61fee090e0f3f8abd9e974add14575b4",
  "d73027f46d43fdae61fee090ffffbfe0f3f8abd9e974add14575b4",
  "a50026d73027f46d43fdae61fee090e0f3f8abd9e974add14575b4313695",
  "a50026d73027f46d43fdae61fee090ffffbfe0f3f8abd9e974add14575b4313695"
).map(O);
j(Io);
var Fo = new Array(3).concat(
  "fc8d59ffffbf91cf60",
  "d7191cfdae61a6d96a1a9641",
  "d7191cfdae61ffffbfa6d96a1a9641",
  "d73027fc8d59fee08bd9ef8b91cf601a9850",
  "d73027fc8d59fee08bffffbfd9ef8b91cf601a9850",
  "d73027f46d43fdae61fee08bd9ef8ba6d96a66bd631a9850",
  "d73027f46d43fdae61fee08bffffbfd9ef8ba6d96a66bd631a9850",
  "a50026d73027f46d43fdae61fee08bd9ef8ba6d96a66bd631a9850006837",
  "a50026d73027f46d43fdae61fee08bffffbfd9ef8ba6d96a66bd631a9850006837"
).map(O);
j(Fo);
var Ho = new Array(3).concat(
  "fc8d59ffffbf99d594",
  "d7191cfdae61abdda42b83ba",
  "d7191cfdae61ffffbfabdda42b83ba",
  "d53e4ffc8d59fee08be6f59899d5943288bd",
  "d53e4ffc8d59fee08bffffbfe6f59899d5943288bd",
  "d53e4ff46d43fdae61fee08be6f598abdda466c2a53288bd",
  "d53e4ff46d43fdae61fee08bffffbfe6f598abdda466c2a53288bd",
  "9e0142d53e4ff46d43fdae61fee08be6f598abdda466c2a53288bd5e4fa2",
  "9e0142d53e4ff46d43fdae61fee08bffffbfe6f598abdda466c2a53288bd5e4fa2"
).map(O);
j(Ho);
var Do = new Array(3).concat(
  "e5f5f999d8c92ca25f",
  "edf8fbb2e2e266c2a4238b45",
  "edf8fbb2e2e266c2a42ca25f006d2c",
  "edf8fbccece699d8c966c2a42ca25f006d2c",
  "edf8fbccece699d8c966c2a441ae76238b45005824",
  "f7fcfde5f5f9ccece699d8c966c2a441ae76238b45005824",
  "f7fcfde5f5f9ccece699d8c966c2a441ae76238b45006d2c00441b"
).map(O);
j(Do);
var Wo = new Array(3).concat(
  "e0ecf49ebcda8856a7",
  "edf8fbb3cde38c96c688419d",
  "edf8fbb3cde38c96c68856a7810f7c",
  "edf8fbbfd3e69ebcda8c96c68856a7810f7c",
  "edf8fbbfd3e69ebcda8c96c68c6bb188419d6e016b",
  "f7fcfde0ecf4bfd3e69ebcda8c96c68c6bb188419d6e016b",
  "f7fcfde0ecf4bfd3e69ebcda8c96c68c6bb188419d810f7c4d004b"
).map(O);
j(Wo);
var Bo = new Array(3).concat(
  "e0f3dba8ddb543a2ca",
  "f0f9e8bae4bc7bccc42b8cbe",
  "f0f9e8bae4bc7bccc443a2ca0868ac",
  "f0f9e8ccebc5a8ddb57bccc443a2ca0868ac",
  "f0f9e8ccebc5a8ddb57bccc44eb3d32b8cbe08589e",
  "f7fcf0e0f3dbccebc5a8ddb57bccc44eb3d32b8cbe08589e",
  "f7fcf0e0f3dbccebc5a8ddb57bccc44eb3d32b8cbe0868ac084081"
).map(O);
j(Bo);
var jo = new Array(3).concat(
  "fee8c8fdbb84e34a33",
  "fef0d9fdcc8afc8d59d7301f",
  "fef0d9fdcc8afc8d59e34a33b30000",
  "fef0d9fdd49efdbb84fc8d59e34a33b30000",
  "fef0d9fdd49efdbb84fc8d59ef6548d7301f990000",
  "fff7ecfee8c8fdd49efdbb84fc8d59ef6548d7301f990000",
  "fff7ecfee8c8fdd49efdbb84fc8d59ef6548d7301fb300007f0000"
).map(O);
j(jo);
var Xo = new Array(3).concat(
  "ece2f0a6bddb1c9099",
  "f6eff7bdc9e167a9cf02818a",
  "f6eff7bdc9e167a9cf1c9099016c59",
  "f6eff7d0d1e6a6bddb67a9cf1c9099016c59",
  "f6eff7d0d1e6a6bddb67a9cf3690c002818a016450",
  "fff7fbece2f0d0d1e6a6bddb67a9cf3690c002818a016450",
  "fff7fbece2f0d0d1e6a6bddb67a9cf3690c002818a016c59014636"
).map(O);
j(Xo);
var Vo = new Array(3).concat(
  "ece7f2a6bddb2b8cbe",
  "f1eef6bdc9e174a9cf0570b0",
  "f1eef6bdc9e174a9cf2b8cbe045a8d",
  "f1eef6d0d1e6a6bddb74a9cf2b8cbe045a8d",
  "f1eef6d0d1e6a6bddb74a9cf3690c00570b0034e7b",
  "fff7fbece7f2d0d1e6a6bddb74a9cf3690c00570b0034e7b",
  "fff7fbece7f2d0d1e6a6bddb74a9cf3690c00570b0045a8d023858"
).map(O);
j(Vo);
var Go = new Array(3).concat(
  "e7e1efc994c7dd1c77",
  "f1eef6d7b5d8df65b0ce1256",
  "f1eef6d7b5d8df65b0dd1c77980043",
  "f1eef6d4b9dac994c7df65b0dd1c77980043",
  "f1eef6d4b9dac994c7df65b0e7298ace125691003f",
  "f7f4f9e7e1efd4b9dac994c7df65b0e7298ace125691003f",
  "f7f4f9e7e1efd4b9dac994c7df65b0e7298ace125698004367001f"
).map(O);
j(Go);
var Uo = new Array(3).concat(
  "fde0ddfa9fb5c51b8a",
  "feebe2fbb4b9f768a1ae017e",
  "feebe2fbb4b9f768a1c51b8a7a0177",
  "feebe2fcc5c0fa9fb5f768a1c51b8a7a0177",
  "feebe2fcc5c0fa9fb5f768a1dd3497ae017e7a0177",
  "fff7f3fde0ddfcc5c0fa9fb5f768a1dd3497ae017e7a0177",
  "fff7f3fde0ddfcc5c0fa9fb5f768a1dd3497ae017e7a017749006a"
).map(O);
j(Uo);
var Ko = new Array(3).concat(
  "edf8b17fcdbb2c7fb8",
  "ffffcca1dab441b6c4225ea8",
  "ffffcca1dab441b6c42c7fb8253494",
  "ffffccc7e9b47fcdbb41b6c42c7fb8253494",
  "ffffccc7e9b47fcdbb41b6c41d91c0225ea80c2c84",
  "ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea80c2c84",
  "ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea8253494081d58"
).map(O), Yo = j(Ko), Zo = new Array(3).concat(
  "f7fcb9addd8e31a354",
  "ffffccc2e69978c679238443",
  "ffffccc2e69978c67931a354006837",
  "ffffccd9f0a3addd8e78c67931a354006837",
  "ffffccd9f0a3addd8e78c67941ab5d238443005a32",
  "ffffe5f7fcb9d9f0a3addd8e78c67941ab5d238443005a32",
  "ffffe5f7fcb9d9f0a3addd8e78c67941ab5d238443006837004529"
).map(O);
j(Zo);
var Qo = new Array(3).concat(
  "fff7bcfec44fd95f0e",
  "ffffd4fed98efe9929cc4c02",
  "ffffd4fed98efe9929d95f0e993404",
  "ffffd4fee391fec44ffe9929d95f0e993404",
  "ffffd4fee391fec44ffe9929ec7014cc4c028c2d04",
  "ffffe5fff7bcfee391fec44ffe9929ec7014cc4c028c2d04",
  "ffffe5fff7bcfee391fec44ffe9929ec7014cc4c02993404662506"
).map(O);
j(Qo);
var Jo = new Array(3).concat(
  "ffeda0feb24cf03b20",
  "ffffb2fecc5cfd8d3ce31a1c",
  "ffffb2fecc5cfd8d3cf03b20bd0026",
  "ffffb2fed976feb24cfd8d3cf03b20bd0026",
  "ffffb2fed976feb24cfd8d3cfc4e2ae31a1cb10026",
  "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cb10026",
  "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cbd0026800026"
).map(O);
j(Jo);
var ts = new Array(3).concat(
  "deebf79ecae13182bd",
  "eff3ffbdd7e76baed62171b5",
  "eff3ffbdd7e76baed63182bd08519c",
  "eff3ffc6dbef9ecae16baed63182bd08519c",
  "eff3ffc6dbef9ecae16baed64292c62171b5084594",
  "f7fbffdeebf7c6dbef9ecae16baed64292c62171b5084594",
  "f7fbffdeebf7c6dbef9ecae16baed64292c62171b508519c08306b"
).map(O);
j(ts);
var es = new Array(3).concat(
  "e5f5e0a1d99b31a354",
  "edf8e9bae4b374c476238b45",
  "edf8e9bae4b374c47631a354006d2c",
  "edf8e9c7e9c0a1d99b74c47631a354006d2c",
  "edf8e9c7e9c0a1d99b74c47641ab5d238b45005a32",
  "f7fcf5e5f5e0c7e9c0a1d99b74c47641ab5d238b45005a32",
  "f7fcf5e5f5e0c7e9c0a1d99b74c47641ab5d238b45006d2c00441b"
).map(O);
j(es);
var ns = new Array(3).concat(
  "f0f0f0bdbdbd636363",
  "f7f7f7cccccc969696525252",
  "f7f7f7cccccc969696636363252525",
  "f7f7f7d9d9d9bdbdbd969696636363252525",
  "f7f7f7d9d9d9bdbdbd969696737373525252252525",
  "fffffff0f0f0d9d9d9bdbdbd969696737373525252252525",
  "fffffff0f0f0d9d9d9bdbdbd969696737373525252252525000000"
).map(O);
j(ns);
var as = new Array(3).concat(
  "efedf5bcbddc756bb1",
  "f2f0f7cbc9e29e9ac86a51a3",
  "f2f0f7cbc9e29e9ac8756bb154278f",
  "f2f0f7dadaebbcbddc9e9ac8756bb154278f",
  "f2f0f7dadaebbcbddc9e9ac8807dba6a51a34a1486",
  "fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a34a1486",
  "fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a354278f3f007d"
).map(O);
j(as);
var is = new Array(3).concat(
  "fee0d2fc9272de2d26",
  "fee5d9fcae91fb6a4acb181d",
  "fee5d9fcae91fb6a4ade2d26a50f15",
  "fee5d9fcbba1fc9272fb6a4ade2d26a50f15",
  "fee5d9fcbba1fc9272fb6a4aef3b2ccb181d99000d",
  "fff5f0fee0d2fcbba1fc9272fb6a4aef3b2ccb181d99000d",
  "fff5f0fee0d2fcbba1fc9272fb6a4aef3b2ccb181da50f1567000d"
).map(O);
j(is);
var rs = new Array(3).concat(
  "fee6cefdae6be6550d",
  "feeddefdbe85fd8d3cd94701",
  "feeddefdbe85fd8d3ce6550da63603",
  "feeddefdd0a2fdae6bfd8d3ce6550da63603",
  "feeddefdd0a2fdae6bfd8d3cf16913d948018c2d04",
  "fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d948018c2d04",
  "fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d94801a636037f2704"
).map(O);
j(rs);
dn(dt(300, 0.5, 0), dt(-240, 0.5, 1));
dn(dt(-100, 0.75, 0.35), dt(80, 1.5, 0.8));
dn(dt(260, 0.75, 0.35), dt(80, 1.5, 0.8));
dt();
Ut();
function ke(t) {
  var e = t.length;
  return function(n) {
    return t[Math.max(0, Math.min(e - 1, Math.floor(n * e)))];
  };
}
ke(O("44015444025645045745055946075a46085c460a5d460b5e470d60470e6147106347116447136548146748166848176948186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f854240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f881fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad8128ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc743fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc8635ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21ad8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725"));
ke(O("00000401000501010601010802010902020b02020d03030f03031204041405041606051806051a07061c08071e0907200a08220b09240c09260d0a290e0b2b100b2d110c2f120d31130d34140e36150e38160f3b180f3d19103f1a10421c10441d11471e114920114b21114e22115024125325125527125829115a2a115c2c115f2d11612f116331116533106734106936106b38106c390f6e3b0f703d0f713f0f72400f74420f75440f764510774710784910784a10794c117a4e117b4f127b51127c52137c54137d56147d57157e59157e5a167e5c167f5d177f5f187f601880621980641a80651a80671b80681c816a1c816b1d816d1d816e1e81701f81721f817320817521817621817822817922827b23827c23827e24828025828125818326818426818627818827818928818b29818c29818e2a81902a81912b81932b80942c80962c80982d80992d809b2e7f9c2e7f9e2f7fa02f7fa1307ea3307ea5317ea6317da8327daa337dab337cad347cae347bb0357bb2357bb3367ab5367ab73779b83779ba3878bc3978bd3977bf3a77c03a76c23b75c43c75c53c74c73d73c83e73ca3e72cc3f71cd4071cf4070d0416fd2426fd3436ed5446dd6456cd8456cd9466bdb476adc4869de4968df4a68e04c67e24d66e34e65e44f64e55064e75263e85362e95462ea5661eb5760ec5860ed5a5fee5b5eef5d5ef05f5ef1605df2625df2645cf3655cf4675cf4695cf56b5cf66c5cf66e5cf7705cf7725cf8745cf8765cf9785df9795df97b5dfa7d5efa7f5efa815ffb835ffb8560fb8761fc8961fc8a62fc8c63fc8e64fc9065fd9266fd9467fd9668fd9869fd9a6afd9b6bfe9d6cfe9f6dfea16efea36ffea571fea772fea973feaa74feac76feae77feb078feb27afeb47bfeb67cfeb77efeb97ffebb81febd82febf84fec185fec287fec488fec68afec88cfeca8dfecc8ffecd90fecf92fed194fed395fed597fed799fed89afdda9cfddc9efddea0fde0a1fde2a3fde3a5fde5a7fde7a9fde9aafdebacfcecaefceeb0fcf0b2fcf2b4fcf4b6fcf6b8fcf7b9fcf9bbfcfbbdfcfdbf"));
ke(O("00000401000501010601010802010a02020c02020e03021004031204031405041706041907051b08051d09061f0a07220b07240c08260d08290e092b10092d110a30120a32140b34150b37160b39180c3c190c3e1b0c411c0c431e0c451f0c48210c4a230c4c240c4f260c51280b53290b552b0b572d0b592f0a5b310a5c320a5e340a5f3609613809623909633b09643d09653e0966400a67420a68440a68450a69470b6a490b6a4a0c6b4c0c6b4d0d6c4f0d6c510e6c520e6d540f6d550f6d57106e59106e5a116e5c126e5d126e5f136e61136e62146e64156e65156e67166e69166e6a176e6c186e6d186e6f196e71196e721a6e741a6e751b6e771c6d781c6d7a1d6d7c1d6d7d1e6d7f1e6c801f6c82206c84206b85216b87216b88226a8a226a8c23698d23698f24699025689225689326679526679727669827669a28659b29649d29649f2a63a02a63a22b62a32c61a52c60a62d60a82e5fa92e5eab2f5ead305dae305cb0315bb1325ab3325ab43359b63458b73557b93556ba3655bc3754bd3853bf3952c03a51c13a50c33b4fc43c4ec63d4dc73e4cc83f4bca404acb4149cc4248ce4347cf4446d04545d24644d34743d44842d54a41d74b3fd84c3ed94d3dda4e3cdb503bdd513ade5238df5337e05536e15635e25734e35933e45a31e55c30e65d2fe75e2ee8602de9612bea632aeb6429eb6628ec6726ed6925ee6a24ef6c23ef6e21f06f20f1711ff1731df2741cf3761bf37819f47918f57b17f57d15f67e14f68013f78212f78410f8850ff8870ef8890cf98b0bf98c0af98e09fa9008fa9207fa9407fb9606fb9706fb9906fb9b06fb9d07fc9f07fca108fca309fca50afca60cfca80dfcaa0ffcac11fcae12fcb014fcb216fcb418fbb61afbb81dfbba1ffbbc21fbbe23fac026fac228fac42afac62df9c72ff9c932f9cb35f8cd37f8cf3af7d13df7d340f6d543f6d746f5d949f5db4cf4dd4ff4df53f4e156f3e35af3e55df2e661f2e865f2ea69f1ec6df1ed71f1ef75f1f179f2f27df2f482f3f586f3f68af4f88ef5f992f6fa96f8fb9af9fc9dfafda1fcffa4"));
ke(O("0d088710078813078916078a19068c1b068d1d068e20068f2206902406912605912805922a05932c05942e05952f059631059733059735049837049938049a3a049a3c049b3e049c3f049c41049d43039e44039e46039f48039f4903a04b03a14c02a14e02a25002a25102a35302a35502a45601a45801a45901a55b01a55c01a65e01a66001a66100a76300a76400a76600a76700a86900a86a00a86c00a86e00a86f00a87100a87201a87401a87501a87701a87801a87a02a87b02a87d03a87e03a88004a88104a78305a78405a78606a68707a68808a68a09a58b0aa58d0ba58e0ca48f0da4910ea3920fa39410a29511a19613a19814a099159f9a169f9c179e9d189d9e199da01a9ca11b9ba21d9aa31e9aa51f99a62098a72197a82296aa2395ab2494ac2694ad2793ae2892b02991b12a90b22b8fb32c8eb42e8db52f8cb6308bb7318ab83289ba3388bb3488bc3587bd3786be3885bf3984c03a83c13b82c23c81c33d80c43e7fc5407ec6417dc7427cc8437bc9447aca457acb4679cc4778cc4977cd4a76ce4b75cf4c74d04d73d14e72d24f71d35171d45270d5536fd5546ed6556dd7566cd8576bd9586ada5a6ada5b69db5c68dc5d67dd5e66de5f65de6164df6263e06363e16462e26561e26660e3685fe4695ee56a5de56b5de66c5ce76e5be76f5ae87059e97158e97257ea7457eb7556eb7655ec7754ed7953ed7a52ee7b51ef7c51ef7e50f07f4ff0804ef1814df1834cf2844bf3854bf3874af48849f48948f58b47f58c46f68d45f68f44f79044f79143f79342f89441f89540f9973ff9983ef99a3efa9b3dfa9c3cfa9e3bfb9f3afba139fba238fca338fca537fca636fca835fca934fdab33fdac33fdae32fdaf31fdb130fdb22ffdb42ffdb52efeb72dfeb82cfeba2cfebb2bfebd2afebe2afec029fdc229fdc328fdc527fdc627fdc827fdca26fdcb26fccd25fcce25fcd025fcd225fbd324fbd524fbd724fad824fada24f9dc24f9dd25f8df25f8e125f7e225f7e425f6e626f6e826f5e926f5eb27f4ed27f3ee27f3f027f2f227f1f426f1f525f0f724f0f921"));
function qt(t) {
  return function() {
    return t;
  };
}
const ta = 1e-12;
function cs(t) {
  let e = 3;
  return t.digits = function(n) {
    if (!arguments.length) return e;
    if (n == null)
      e = null;
    else {
      const a = Math.floor(n);
      if (!(a >= 0)) throw new RangeError(`invalid digits: ${n}`);
      e = a;
    }
    return t;
  }, () => new Jc(e);
}
function os(t) {
  return typeof t == "object" && "length" in t ? t : Array.from(t);
}
function Ja(t) {
  this._context = t;
}
Ja.prototype = {
  areaStart: function() {
    this._line = 0;
  },
  areaEnd: function() {
    this._line = NaN;
  },
  lineStart: function() {
    this._point = 0;
  },
  lineEnd: function() {
    (this._line || this._line !== 0 && this._point === 1) && this._context.closePath(), this._line = 1 - this._line;
  },
  point: function(t, e) {
    switch (t = +t, e = +e, this._point) {
      case 0:
        this._point = 1, this._line ? this._context.lineTo(t, e) : this._context.moveTo(t, e);
        break;
      case 1:
        this._point = 2;
      // falls through
      default:
        this._context.lineTo(t, e);
        break;
    }
  }
};
function ss(t) {
  return new Ja(t);
}
function fs(t) {
  return t[0];
}
function ls(t) {
  return t[1];
}
function oe(t, e) {
  var n = qt(!0), a = null, i = ss, r = null, o = cs(c);
  t = typeof t == "function" ? t : t === void 0 ? fs : qt(t), e = typeof e == "function" ? e : e === void 0 ? ls : qt(e);
  function c(s) {
    var f, u = (s = os(s)).length, l, d = !1, p;
    for (a == null && (r = i(p = o())), f = 0; f <= u; ++f)
      !(f < u && n(l = s[f], f, s)) === d && ((d = !d) ? r.lineStart() : r.lineEnd()), d && r.point(+t(l, f, s), +e(l, f, s));
    if (p) return r = null, p + "" || null;
  }
  return c.x = function(s) {
    return arguments.length ? (t = typeof s == "function" ? s : qt(+s), c) : t;
  }, c.y = function(s) {
    return arguments.length ? (e = typeof s == "function" ? s : qt(+s), c) : e;
  }, c.defined = function(s) {
    return arguments.length ? (n = typeof s == "function" ? s : qt(!!s), c) : n;
  }, c.curve = function(s) {
    return arguments.length ? (i = s, a != null && (r = i(a)), c) : i;
  }, c.context = function(s) {
    return arguments.length ? (s == null ? a = r = null : r = i(a = s), c) : a;
  }, c;
}
function xe() {
}
function ea(t, e, n) {
  t._context.bezierCurveTo(
    (2 * t._x0 + t._x1) / 3,
    (2 * t._y0 + t._y1) / 3,
    (t._x0 + 2 * t._x1) / 3,
    (t._y0 + 2 * t._y1) / 3,
    (t._x0 + 4 * t._x1 + e) / 6,
    (t._y0 + 4 * t._y1 + n) / 6
  );
}
function bn(t) {
  this._context = t;
}
bn.prototype = {
  areaStart: function() {
    this._line = 0;
  },
  areaEnd: function() {
    this._line = NaN;
  },
  lineStart: function() {
    this._x0 = this._x1 = this._y0 = this._y1 = NaN, this._point = 0;
  },
  lineEnd: function() {
    switch (this._point) {
      case 3:
        ea(this, this._x1, this._y1);
      // falls through
      case 2:
        this._context.lineTo(this._x1, this._y1);
        break;
    }
    (this._line || this._line !== 0 && this._point === 1) && this._context.closePath(), this._line = 1 - this._line;
  },
  point: function(t, e) {
    switch (t = +t, e = +e, this._point) {
      case 0:
        this._point = 1, this._line ? this._context.lineTo(t, e) : this._context.moveTo(t, e);
        break;
      case 1:
        this._point = 2;
        break;
      case 2:
        this._point = 3, this._context.lineTo((5 * this._x0 + this._x1) / 6, (5 * this._y0 + this._y1) / 6);
      // falls through
      default:
        ea(this, t, e);
        break;
    }
    this._x0 = this._x1, this._x1 = t, this._y0 = this._y1, this._y1 = e;
  }
};
function ti(t, e) {
  this._basis = new bn(t), this._beta = e;
}
ti.prototype = {
  lineStart: function() {
    this._x = [], this._y = [], this._basis.lineStart();
  },
  lineEnd: function() {
    var t = this._x, e = this._y, n = t.length - 1;
    if (n > 0)
      for (var a = t[0], i = e[0], r = t[n] - a, o = e[n] - i, c = -1, s; ++c <= n; )
        s = c / n, this._basis.point(
          this._beta * t[c] + (1 - this._beta) * (a + s * r),
          this._beta * e[c] + (1 - this._beta) * (i + s * o)
        );
    this._x = this._y = null, this._basis.lineEnd();
  },
  point: function(t, e) {
    this._x.push(+t), this._y.push(+e);
  }
};
(function t(e) {
  function n(a) {
    return e === 1 ? new bn(a) : new ti(a, e);
  }
  return n.beta = function(a) {
    return t(+a);
  }, n;
})(0.85);
function me(t, e, n) {
  t._context.bezierCurveTo(
    t._x1 + t._k * (t._x2 - t._x0),
    t._y1 + t._k * (t._y2 - t._y0),
    t._x2 + t._k * (t._x1 - e),
    t._y2 + t._k * (t._y1 - n),
    t._x2,
    t._y2
  );
}
function gn(t, e) {
  this._context = t, this._k = (1 - e) / 6;
}
gn.prototype = {
  areaStart: function() {
    this._line = 0;
  },
  areaEnd: function() {
    this._line = NaN;
  },
  lineStart: function() {
    this._x0 = this._x1 = this._x2 = this._y0 = this._y1 = this._y2 = NaN, this._point = 0;
  },
  lineEnd: function() {
    switch (this._point) {
      case 2:
        this._context.lineTo(this._x2, this._y2);
        break;
      case 3:
        me(this, this._x1, this._y1);
        break;
    }
    (this._line || this._line !== 0 && this._point === 1) && this._context.closePath(), this._line = 1 - this._line;
  },
  point: function(t, e) {
    switch (t = +t, e = +e, this._point) {
      case 0:
        this._point = 1, this._line ? this._context.lineTo(t, e) : this._context.moveTo(t, e);
        break;
      case 1:
        this._point = 2, this._x1 = t, this._y1 = e;
        break;
      case 2:
        this._point = 3;
      // falls through
      default:
        me(this, t, e);
        break;
    }
    this._x0 = this._x1, this._x1 = this._x2, this._x2 = t, this._y0 = this._y1, this._y1 = this._y2, this._y2 = e;
  }
};
(function t(e) {
  function n(a) {
    return new gn(a, e);
  }
  return n.tension = function(a) {
    return t(+a);
  }, n;
})(0);
function xn(t, e) {
  this._context = t, this._k = (1 - e) / 6;
}
xn.prototype = {
  areaStart: xe,
  areaEnd: xe,
  lineStart: function() {
    this._x0 = this._x1 = this._x2 = this._x3 = this._x4 = this._x5 = this._y0 = this._y1 = this._y2 = this._y3 = this._y4 = this._y5 = NaN, this._point = 0;
  },
  lineEnd: function() {
    switch (this._point) {
      case 1: {
        this._context.moveTo(this._x3, this._y3), this._context.closePath();
        break;
      }
      case 2: {
        this._context.lineTo(this._x3, this._y3), this._context.closePath();
        break;
      }
      case 3: {
        this.point(this._x3, this._y3), this.point(this._x4, this._y4), this.point(this._x5, this._y5);
        break;
      }
    }
  },
  point: function(t, e) {
    switch (t = +t, e = +e, this._point) {
      case 0:
        this._point = 1, this._x3 = t, this._y3 = e;
        break;
      case 1:
        this._point = 2, this._context.moveTo(this._x4 = t, this._y4 = e);
        break;
      case 2:
        this._point = 3, this._x5 = t, this._y5 = e;
        break;
      default:
        me(this, t, e);
        break;
    }
    this._x0 = this._x1, this._x1 = this._x2, this._x2 = t, this._y0 = this._y1, this._y1 = this._y2, this._y2 = e;
  }
};
(function t(e) {
  function n(a) {
    return new xn(a, e);
  }
  return n.tension = function(a) {
    return t(+a);
  }, n;
})(0);
function mn(t, e) {
  this._context = t, this._k = (1 - e) / 6;
}
mn.prototype = {
  areaStart: function() {
    this._line = 0;
  },
  areaEnd: function() {
    this._line = NaN;
  },
  lineStart: function() {
    this._x0 = this._x1 = this._x2 = this._y0 = this._y1 = this._y2 = NaN, this._point = 0;
  },
  lineEnd: function() {
    (this._line || this._line !== 0 && this._point === 3) && this._context.closePath(), this._line = 1 - this._line;
  },
  point: function(t, e) {
    switch (t = +t, e = +e, this._point) {
      case 0:
        this._point = 1;
        break;
      case 1:
        this._point = 2;
        break;
      case 2:
        this._point = 3, this._line ? this._context.lineTo(this._x2, this._y2) : this._context.moveTo(this._x2, this._y2);
        break;
      case 3:
        this._point = 4;
      // falls through
      default:
        me(this, t, e);
        break;
    }
    this._x0 = this._x1, this._x1 = this._x2, this._x2 = t, this._y0 = this._y1, this._y1 = this._y2, this._y2 = e;
  }
};
(function t(e) {
  function n(a) {
    return new mn(a, e);
  }
  return n.tension = function(a) {
    return t(+a);
  }, n;
})(0);
function yn(t, e, n) {
  var a = t._x1, i = t._y1, r = t._x2, o = t._y2;
  if (t._l01_a > ta) {
    var c = 2 * t._l01_2a + 3 * t._l01_a * t._l12_a + t._l12_2a, s = 3 * t._l01_a * (t._l01_a + t._l12_a);
    a = (a * c - t._x0 * t._l12_2a + t._x2 * t._l01_2a) / s, i = (i * c - t._y0 * t._l12_2a + t._y2 * t._l01_2a) / s;
  }
  if (t._l23_a > ta) {
    var f = 2 * t._l23_2a + 3 * t._l23_a * t._l12_a + t._l12_2a, u = 3 * t._l23_a * (t._l23_a + t._l12_a);
    r = (r * f + t._x1 * t._l23_2a - e * t._l12_2a) / u, o = (o * f + t._y1 * t._l23_2a - n * t._l12_2a) / u;
  }
  t._context.bezierCurveTo(a, i, r, o, t._x2, t._y2);
}
function ei(t, e) {
  this._context = t, this._alpha = e;
}
ei.prototype = {
  areaStart: function() {
    this._line = 0;
  },
  areaEnd: function() {
    this._line = NaN;
  },
  lineStart: function() {
    this._x0 = this._x1 = this._x2 = this._y0 = this._y1 = this._y2 = NaN, this._l01_a = this._l12_a = this._l23_a = this._l01_2a = this._l12_2a = this._l23_2a = this._point = 0;
  },
  lineEnd: function() {
    switch (this._point) {
      case 2:
        this._context.lineTo(this._x2, this._y2);
        break;
      case 3:
        this.point(this._x2, this._y2);
        break;
    }
    (this._line || this._line !== 0 && this._point === 1) && this._context.closePath(), this._line = 1 - this._line;
  },
  point: function(t, e) {
    if (t = +t, e = +e, this._point) {
      var n = this._x2 - t, a = this._y2 - e;
      this._l23_a = Math.sqrt(this._l23_2a = Math.pow(n * n + a * a, this._alpha));
    }
    switch (this._point) {
      case 0:
        this._point = 1, this._line ? this._context.lineTo(t, e) : this._context.moveTo(t, e);
        break;
      case 1:
        this._point = 2;
        break;
      case 2:
        this._point = 3;
      // falls through
      default:
        yn(this, t, e);
        break;
    }
    this._l01_a = this._l12_a, this._l12_a = this._l23_a, this._l01_2a = this._l12_2a, this._l12_2a = this._l23_2a, this._x0 = this._x1, this._x1 = this._x2, this._x2 = t, this._y0 = this._y1, this._y1 = this._y2, this._y2 = e;
  }
};
(function t(e) {
  function n(a) {
    return e ? new ei(a, e) : new gn(a, 0);
  }
  return n.alpha = function(a) {
    return t(+a);
  }, n;
})(0.5);
function ni(t, e) {
  this._context = t, this._alpha = e;
}
ni.prototype = {
  areaStart: xe,
  areaEnd: xe,
  lineStart: function() {
    this._x0 = this._x1 = this._x2 = this._x3 = this._x4 = this._x5 = this._y0 = this._y1 = this._y2 = this._y3 = this._y4 = this._y5 = NaN, this._l01_a = this._l12_a = this._l23_a = this._l01_2a = this._l12_2a = this._l23_2a = this._point = 0;
  },
  lineEnd: function() {
    switch (this._point) {
      case 1: {
        this._context.moveTo(this._x3, this._y3), this._context.closePath();
        break;
      }
      case 2: {
        this._context.lineTo(this._x3, this._y3), this._context.closePath();
        break;
      }
      case 3: {
        this.point(this._x3, this._y3), this.point(this._x4, this._y4), this.point(this._x5, this._y5);
        break;
      }
    }
  },
  point: function(t, e) {
    if (t = +t, e = +e, this._point) {
      var n = this._x2 - t, a = this._y2 - e;
      this._l23_a = Math.sqrt(this._l23_2a = Math.pow(n * n + a * a, this._alpha));
    }
    switch (this._point) {
      case 0:
        this._point = 1, this._x3 = t, this._y3 = e;
        break;
      case 1:
        this._point = 2, this._context.moveTo(this._x4 = t, this._y4 = e);
        break;
      case 2:
        this._point = 3, this._x5 = t, this._y5 = e;
        break;
      default:
        yn(this, t, e);
        break;
    }
    this._l01_a = this._l12_a, this._l12_a = this._l23_a, this._l01_2a = this._l12_2a, this._l12_2a = this._l23_2a, this._x0 = this._x1, this._x1 = this._x2, this._x2 = t, this._y0 = this._y1, this._y1 = this._y2, this._y2 = e;
  }
};
(function t(e) {
  function n(a) {
    return e ? new ni(a, e) : new xn(a, 0);
  }
  return n.alpha = function(a) {
    return t(+a);
  }, n;
})(0.5);
function ai(t, e) {
  this._context = t, this._alpha = e;
}
ai.prototype = {
  areaStart: function() {
    this._line = 0;
  },
  areaEnd: function() {
    this._line = NaN;
  },
  lineStart: function() {
    this._x0 = this._x1 = this._x2 = this._y0 = this._y1 = this._y2 = NaN, this._l01_a = this._l12_a = this._l23_a = this._l01_2a = this._l12_2a = this._l23_2a = this._point = 0;
  },
  lineEnd: function() {
    (this._line || this._line !== 0 && this._point === 3) && this._context.closePath(), this._line = 1 - this._line;
  },
  point: function(t, e) {
    if (t = +t, e = +e, this._point) {
      var n = this._x2 - t, a = this._y2 - e;
      this._l23_a = Math.sqrt(this._l23_2a = Math.pow(n * n + a * a, this._alpha));
    }
    switch (this._point) {
      case 0:
        this._point = 1;
        break;
      case 1:
        this._point = 2;
        break;
      case 2:
        this._point = 3, this._line ? this._context.lineTo(this._x2, this._y2) : this._context.moveTo(this._x2, this._y2);
        break;
      case 3:
        this._point = 4;
      // falls through
      default:
        yn(this, t, e);
        break;
    }
    this._l01_a = this._l12_a, this._l12_a = this._l23_a, this._l01_2a = this._l12_2a, this._l12_2a = this._l23_2a, this._x0 = this._x1, this._x1 = this._x2, this._x2 = t, this._y0 = this._y1, this._y1 = this._y2, this._y2 = e;
  }
};
(function t(e) {
  function n(a) {
    return e ? new ai(a, e) : new mn(a, 0);
  }
  return n.alpha = function(a) {
    return t(+a);
  }, n;
})(0.5);
function na(t) {
  return t < 0 ? -1 : 1;
}
function aa(t, e, n) {
  var a = t._x1 - t._x0, i = e - t._x1, r = (t._y1 - t._y0) / (a || i < 0 && -0), o = (n - t._y1) / (i || a < 0 && -0), c = (r * i + o * a) / (a + i);
  return (na(r) + na(o)) * Math.min(Math.abs(r), Math.abs(o), 0.5 * Math.abs(c)) || 0;
}
function ia(t, e) {
  var n = t._x1 - t._x0;
  return n ? (3 * (t._y1 - t._y0) / n - e) / 2 : e;
}
function qe(t, e, n) {
  var a = t._x0, i = t._y0, r = t._x1, o = t._y1, c = (r - a) / 3;
  t._context.bezierCurveTo(a + c, i + c * e, r - c, o - c * n, r, o);
}
function Ze(t) {
  this._context = t;
}
Ze.prototype = {
  areaStart: function() {
    this._line = 0;
  },
  areaEnd: function() {
    this._line = NaN;
  },
  lineStart: function() {
    this._x0 = this._x1 = this._y0 = this._y1 = this._t0 = NaN, this._point = 0;
  },
  lineEnd: function() {
    switch (this._point) {
      case 2:
        this._context.lineTo(this._x1, this._y1);
        break;
      case 3:
        qe(this, this._t0, ia(this, this._t0));
        break;
    }
    (this._line || this._line !== 0 && this._point === 1) && this._context.closePath(), this._line = 1 - this._line;
  },
  point: function(t, e) {
    var n = NaN;
    if (t = +t, e = +e, !(t === this._x1 && e === this._y1)) {
      switch (this._point) {
        case 0:
          this._point = 1, this._line ? this._context.lineTo(t, e) : this._context.moveTo(t, e);
          break;
        case 1:
          this._point = 2;
          break;
        case 2:
          this._point = 3, qe(this, ia(this, n = aa(this, t, e)), n);
          break;
        default:
          qe(this, this._t0, n = aa(this, t, e));
          break;
      }
      this._x0 = this._x1, this._x1 = t, this._y0 = this._y1, this._y1 = e, this._t0 = n;
    }
  }
};
Object.create(Ze.prototype).point = function(t, e) {
  Ze.prototype.point.call(this, e, t);
};
function ds(t, e, n = 560, a = 14, i = 16) {
  const r = t.reduce((l, d) => l + d.length, 0) || 1, o = Math.max(3, Math.min(i, Math.floor(Math.sqrt(e * n / r)))), c = Math.max(1, Math.floor(e / o)), s = [], f = [];
  let u = 0;
  return t.forEach((l, d) => {
    if (l.length === 0) return;
    const p = Math.max(1, Math.ceil(l.length / c)), b = { x: 0, y: u, width: Math.min(l.length, c) * o, height: p * o, cluster: d, units: l };
    s.push(b), l.forEach((m, v) => {
      f.push({
        unit: m,
        cluster: d,
        x: v % c * o,
        y: u + Math.floor(v / c) * o,
        width: o - 1,
        height: o - 1
      });
    }), u += p * o + a;
  }), { chips: s, cells: f, cellSize: o, height: Math.max(0, u - a) };
}
function Qe(t, e, n) {
  const a = [...t].sort((i, r) => Math.abs(e[r]) - Math.abs(e[i]) || i - r);
  return n === void 0 ? a : a.slice(0, n);
}
function ii(t, e, n, a) {
  return e <= 0 ? n : n + (a - n) * Math.min(1, Math.abs(t) / e);
}
function hs(t, e, n) {
  const a = (s) => Number.isFinite(s) ? s : 0, i = Math.max(0, ...t.flat().map((s) => Math.abs(a(s))));
  if (i === 0) return [];
  const r = Math.max(0, ...t.map((s) => s.length)), o = Array.from({ length: r }, (s, f) => {
    let u = -1;
    return t.forEach((l, d) => {
      Math.abs(a(l[f])) > (u < 0 ? 0 : Math.abs(a(t[u][f]))) && (u = d);
    }), u;
  }), c = [];
  return t.forEach(
    (s, f) => s.forEach((u, l) => {
      const d = a(u);
      d !== 0 && (Math.abs(d) >= e * i || o[l] === f) && c.push({ cluster: f, chip: l, value: d, width: Math.max(0.5, n * Math.abs(d) / i) });
    })
  ), c;
}
function _n(t) {
  const e = Math.max(0, ...t.map((n) => Math.abs(n)).filter(Number.isFinite));
  return e > 0 ? e : 1;
}
function us(t, e, n) {
  return t.filter((a) => a[e] === n).map((a) => e === "chip" ? a.cluster : a.chip);
}
function ps(t, e, n, a, i = 3) {
  const r = Qe(e[t] ?? [], a, i).map((o) => n[o]);
  return r.length ? `#${t} ${r.join(" ")}` : `#${t}`;
}
function bs(t) {
  if (!t) return (n) => n;
  const e = new Map(t.map((n, a) => [n, a]));
  return (n) => e.get(n) ?? t.length + n;
}
const Tt = (t) => t.anchor ?? t.height / 2, gs = 1.2;
function Te(t, e, n, a, i, r = (o) => o) {
  const o = new Map(t.map((p) => [p.cluster, p])), c = new Map(e.map((p) => [p.cluster, p])), s = [.../* @__PURE__ */ new Set([...o.keys(), ...c.keys()])].sort((p, b) => r(p) - r(b));
  let f = -1 / 0;
  const u = { left: -1 / 0, right: -1 / 0 }, l = [], d = [];
  for (const p of s) {
    const b = o.get(p), m = c.get(p), v = n.get(p) ?? "right";
    let w = 0;
    if (b && (w = Math.max(w, Tt(b), f + a + Tt(b))), m && (w = Math.max(w, Tt(m), u[v] + i + Tt(m))), b) {
      const k = w - Tt(b);
      l.push({ cluster: p, y: k, height: b.height, centre: w }), f = k + b.height;
    }
    if (m) {
      const k = w - Tt(m);
      d.push({ cluster: p, y: k, height: m.height, centre: w, side: v }), u[v] = k + m.height;
    }
  }
  return { chips: l, clouds: d, height: Math.max(0, f, u.left, u.right) };
}
function ra(t, e) {
  const n = new Map(t.chips.map((o) => [o.cluster, o.centre])), a = new Map(t.clouds.map((o) => [o.cluster, o])), i = e.flatMap((o) => {
    const c = n.get(o.chip), s = a.get(o.cluster);
    return c === void 0 || !s ? [] : [{ ...o, y0: c, y1: s.centre, side: s.side }];
  });
  let r = 0;
  for (let o = 0; o < i.length; o++)
    for (let c = o + 1; c < i.length; c++) {
      const s = i[o], f = i[c];
      s.side !== f.side || s.chip === f.chip || s.cluster === f.cluster || (s.y0 - f.y0) * (s.y1 - f.y1) < 0 && (r += s.width * f.width);
    }
  return r;
}
function se(t, e, n, a) {
  const i = a.sides.length ? a.sides : ["right"], r = a.chipGap ?? 10, o = a.cloudGap ?? 10, c = /* @__PURE__ */ new Map(), s = bs(a.order), f = [...e].sort((b, m) => s(b.cluster) - s(m.cluster));
  let u = null;
  for (const b of f) {
    let m = i[0], v = 1 / 0;
    const w = u && i.length > 1 ? [...i.filter((k) => k !== u), u] : i;
    for (const k of w) {
      c.set(b.cluster, k);
      const g = Te(t, e.filter(($) => s($.cluster) <= s(b.cluster)), c, r, o, s).clouds.find(($) => $.cluster === b.cluster)?.centre ?? 0;
      g < v - 1e-9 && ([m, v] = [k, g]);
    }
    c.set(b.cluster, m), u = m;
  }
  let l = Te(t, e, c, r, o, s), d = ra(l, n);
  const p = Math.max(l.height, Math.min(a.height ?? 1 / 0, l.height * gs));
  for (let b = 0; b < 4 && i.length > 1; b++) {
    let m = !1;
    for (const v of f) {
      const w = c.get(v.cluster);
      c.set(v.cluster, w === "left" ? "right" : "left");
      const k = Te(t, e, c, r, o, s), _ = ra(k, n), g = _ < d - 1e-9 || Math.abs(_ - d) <= 1e-9 && k.height < l.height - 1e-9;
      k.height <= p + 1e-9 && g ? [l, d, m] = [k, _, !0] : c.set(v.cluster, w);
    }
    if (!m) break;
  }
  return { ...l, crossings: d };
}
function ca(t, e, n, a, i = () => {
}) {
  const r = new Map(e.map((s) => [s.cluster, s.words])), o = () => e.map((s) => {
    const f = s.heightFor(r.get(s.cluster) ?? s.words);
    return { cluster: s.cluster, height: f, anchor: i(s.cluster, f) };
  });
  let c = se(t, o(), n, a);
  for (let s = 0; s < 10 && a.height !== void 0 && c.height > a.height; s++) {
    const f = a.height / c.height - 0.1;
    let u = !1;
    for (const l of e) {
      const d = r.get(l.cluster) ?? l.words;
      l.fixed || d <= l.minWords || (r.set(l.cluster, Math.max(l.minWords, Math.min(d - 1, Math.floor(d * f)))), u = !0);
    }
    if (!u) break;
    c = se(t, o(), n, a);
  }
  for (let s = 0; s < 4 && a.height !== void 0 && c.height <= a.height; s++) {
    let f = !1;
    for (const u of e) {
      const l = r.get(u.cluster) ?? u.words;
      if (u.fixed || l >= u.words) continue;
      r.set(u.cluster, Math.min(u.words, Math.max(l + 1, Math.ceil(l * 1.2))));
      const d = se(t, o(), n, a);
      d.height <= a.height ? [c, f] = [d, !0] : r.set(u.cluster, l);
    }
    if (!f) break;
  }
  return { layout: c, words: r };
}
function xs(t, e) {
  const n = (c, s, f) => Math.round(Math.max(s, Math.min(f, c)));
  if (e.length > 1) {
    const c = n(t * 0.17, 150, 280), s = n(t * 0.08, 60, 140), f = Math.floor((t - c - 2 * s) / 2), u = f + s;
    return { chipX: u, chipWidth: c, cloudX: { left: 0, right: u + c + s }, cloudWidth: f, gap: s, width: 2 * f + c + 2 * s };
  }
  const a = n(t * 0.3, 160, 360), i = n(t * 0.14, 60, 150), r = Math.floor(t - a - i), o = a + i + r;
  return e[0] === "left" ? { chipX: r + i, chipWidth: a, cloudX: { left: 0, right: 0 }, cloudWidth: r, gap: i, width: o } : { chipX: 0, chipWidth: a, cloudX: { left: 0, right: a + i }, cloudWidth: r, gap: i, width: o };
}
function ms(t) {
  return t && t.__esModule && Object.prototype.hasOwnProperty.call(t, "default") ? t.default : t;
}
function ys(t) {
  if (Object.prototype.hasOwnProperty.call(t, "__esModule")) return t;
  var e = t.default;
  if (typeof e == "function") {
    var n = function a() {
      var i = !1;
      try {
        i = this instanceof a;
      } catch {
      }
      return i ? Reflect.construct(e, arguments, this.constructor) : e.apply(this, arguments);
    };
    n.prototype = e.prototype;
  } else n = {};
  return Object.defineProperty(n, "__esModule", { value: !0 }), Object.keys(t).forEach(function(a) {
    var i = Object.getOwnPropertyDescriptor(t, a);
    Object.defineProperty(n, a, i.get ? i : {
      enumerable: !0,
      get: function() {
        return t[a];
      }
    });
  }), n;
}
var _s = { value: function() {
} };
function ri() {
  for (var t = 0, e = arguments.length, n = {}, a; t < e; ++t) {
    if (!(a = arguments[t] + "") || a in n || /[\s.]/.test(a)) throw new Error("illegal type: " + a);
    n[a] = [];
  }
  return new fe(n);
}
function fe(t) {
  this._ = t;
}
function ws(t, e) {
  return t.trim().split(/^|\s+/).map(function(n) {
    var a = "", i = n.indexOf(".");
    if (i >= 0 && (a = n.slice(i + 1), n = n.slice(0, i)), n && !e.hasOwnProperty(n)) throw new Error("unknown type: " + n);
    return { type: n, name: a };
  });
}
fe.prototype = ri.prototype = {
  constructor: fe,
  on: function(t, e) {
    var n = this._, a = ws(t + "", n), i, r = -1, o = a.length;
    if (arguments.length < 2) {
      for (; ++r < o; ) if ((i = (t = a[r]).type) && (i = vs(n[i], t.name))) return i;
      return;
    }
    if (e != null && typeof e != "function") throw new Error("invalid callback: " + e);
    for (; ++r < o; )
      if (i = (t = a[r]).type) n[i] = oa(n[i], t.name, e);
      else if (e == null) for (i in n) n[i] = oa(n[i], t.name, null);
    return this;
  },
  copy: function() {
    var t = {}, e = this._;
    for (var n in e) t[n] = e[n].slice();
    return new fe(t);
  },
  call: function(t, e) {
    if ((i = arguments.length - 2) > 0) for (var n = new Array(i), a = 0, i, r; a < i; ++a) n[a] = arguments[a + 2];
    if (!this._.hasOwnProperty(t)) throw new Error("unknown type: " + t);
    for (r = this._[t], a = 0, i = r.length; a < i; ++a) r[a].value.apply(e, n);
  },
  apply: function(t, e, n) {
    if (!this._.hasOwnProperty(t)) throw new Error("unknown type: " + t);
    for (var a = this._[t], i = 0, r = a.length; i < r; ++i) a[i].value.apply(e, n);
  }
};
function vs(t, e) {
  for (var n = 0, a = t.length, i; n < a; ++n)
    if ((i = t[n]).name === e)
      return i.value;
}
function oa(t, e, n) {
  for (var a = 0, i = t.length; a < i; ++a)
    if (t[a].name === e) {
      t[a] = _s, t = t.slice(0, a).concat(t.slice(a + 1));
      break;
    }
  return n != null && t.push({ name: e, value: n }), t;
}
const ks = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.defineProperty({
  __proto__: null,
  dispatch: ri
}, Symbol.toStringTag, { value: "Module" })), $s = /* @__PURE__ */ ys(ks);
var Re, sa;
function Ms() {
  if (sa) return Re;
  sa = 1;
  const t = $s.dispatch, e = Math.PI / 180, n = {
    archimedean: b,
    rectangular: m
  }, a = 64, i = 2048;
  Re = function() {
    var _ = [256, 256], g = r, $ = o, y = s, N = c, q = c, C = f, P = b, L = [], z = 1 / 0, D = t("word", "end"), F = null, x = Math.random, T = () => (~~(x() * 6) - 3) * 30, E = {}, X = w;
    E.canvas = function(M) {
      return arguments.length ? (X = k(M), E) : X;
    }, E.start = function() {
      var M = K(X()), R = v((_[0] >> 5) * _[1]), G = null, S = L.length, Z = -1, U = [], et = L.map(function(W, I) {
        return W.text = g.call(this, W, I), W.font = $.call(this, W, I), W.style = N.call(this, W, I), W.weight = q.call(this, W, I), W.rotate = T.call(this, W, I), W.size = ~~y.call(this, W, I), W.padding = C.call(this, W, I), W;
      }).sort(function(W, I) {
        return I.size - W.size;
      });
      return F && clearInterval(F), F = setInterval(V, 0), V(), E;
      function V() {
        for (var W = Date.now(); Date.now() - W < z && ++Z < S && F; ) {
          var I = et[Z];
          I.x = _[0] * (x() + 0.5) >> 1, I.y = _[1] * (x() + 0.5) >> 1, u(M, I, et, Z), I.hasText && B(R, I, G) && (U.push(I), D.call("word", E, I), G ? d(G, I) : G = [{ x: I.x + I.x0, y: I.y + I.y0 }, { x: I.x + I.x1, y: I.y + I.y1 }], I.x -= _[0] >> 1, I.y -= _[1] >> 1);
        }
        Z >= S && (E.stop(), D.call("end", E, U, G));
      }
    }, E.stop = function() {
      F && (clearInterval(F), F = null);
      for (const M of L)
        delete M.sprite;
      return E;
    };
    function K(M) {
      const R = M.getContext("2d", { willReadFrequently: !0 });
      M.width = M.height = 1;
      const G = Math.sqrt(R.getImageData(0, 0, 1, 1).data.length >> 2);
      return M.width = (a << 5) / G, M.height = i / G, R.fillStyle = R.strokeStyle = "red", { context: R, ratio: G };
    }
    function B(M, R, G) {
      _[0], _[1];
      for (var S = R.x, Z = R.y, U = Math.sqrt(_[0] * _[0] + _[1] * _[1]), et = P(_), V = x() < 0.5 ? 1 : -1, W = -V, I, nt, Q; (I = et(W += V)) && (nt = ~~I[0], Q = ~~I[1], !(Math.min(Math.abs(nt), Math.abs(Q)) >= U)); )
        if (R.x = S + nt, R.y = Z + Q, !(R.x + R.x0 < 0 || R.y + R.y0 < 0 || R.x + R.x1 > _[0] || R.y + R.y1 > _[1]) && (!G || p(R, G)) && !l(R, M, _[0])) {
          for (var J = R.sprite, yt = R.width >> 5, _t = _[0] >> 5, wt = R.x - (yt << 4), Et = wt & 127, Jt = 32 - Et, wn = R.y1 - R.y0, vt = (R.y + R.y0) * _t + (wt >> 5), St, Ct = 0; Ct < wn; Ct++) {
            St = 0;
            for (var at = 0; at <= yt; at++)
              M[vt + at] |= St << Jt | (at < yt ? (St = J[Ct * yt + at]) >>> Et : 0);
            vt += _t;
          }
          return !0;
        }
      return !1;
    }
    return E.timeInterval = function(M) {
      return arguments.length ? (z = M ?? 1 / 0, E) : z;
    }, E.words = function(M) {
      return arguments.length ? (L = M, E) : L;
    }, E.size = function(M) {
      return arguments.length ? (_ = [+M[0], +M[1]], E) : _;
    }, E.font = function(M) {
      return arguments.length ? ($ = k(M), E) : $;
    }, E.fontStyle = function(M) {
      return arguments.length ? (N = k(M), E) : N;
    }, E.fontWeight = function(M) {
      return arguments.length ? (q = k(M), E) : q;
    }, E.rotate = function(M) {
      return arguments.length ? (T = k(M), E) : T;
    }, E.text = function(M) {
      return arguments.length ? (g = k(M), E) : g;
    }, E.spiral = function(M) {
      return arguments.length ? (P = n[M] || M, E) : P;
    }, E.fontSize = function(M) {
      return arguments.length ? (y = k(M), E) : y;
    }, E.padding = function(M) {
      return arguments.length ? (C = k(M), E) : C;
    }, E.random = function(M) {
      return arguments.length ? (x = M, E) : x;
    }, E.on = function() {
      var M = D.on.apply(D, arguments);
      return M === D ? E : M;
    }, E;
  };
  function r(_) {
    return _.text;
  }
  function o() {
    return "serif";
  }
  function c() {
    return "normal";
  }
  function s(_) {
    return Math.sqrt(_.value);
  }
  function f() {
    return 1;
  }
  function u(_, g, $, y) {
    if (!g.sprite) {
      var N = _.context, q = _.ratio;
      N.clearRect(0, 0, (a << 5) / q, i / q);
      var C = 0, P = 0, L = 0, z = $.length;
      for (--y; ++y < z; ) {
        g = $[y], N.save(), N.font = g.style + " " + g.weight + " " + ~~((g.size + 1) / q) + "px " + g.font;
        const I = N.measureText(g.text), nt = -Math.floor(I.width / 2);
        let Q = (I.width + 1) * q, J = g.size << 1;
        if (g.rotate) {
          var D = Math.sin(g.rotate * e), F = Math.cos(g.rotate * e), x = Q * F, T = Q * D, E = J * F, X = J * D;
          Q = Math.max(Math.abs(x + X), Math.abs(x - X)) + 31 >> 5 << 5, J = ~~Math.max(Math.abs(T + E), Math.abs(T - E));
        } else
          Q = Q + 31 >> 5 << 5;
        if (J > L && (L = J), C + Q >= a << 5 && (C = 0, P += L, L = 0), P + J >= i) break;
        N.translate((C + (Q >> 1)) / q, (P + (J >> 1)) / q), g.rotate && N.rotate(g.rotate * e), N.fillText(g.text, nt, 0), g.padding && (N.lineWidth = 2 * g.padding, N.strokeText(g.text, nt, 0)), N.restore(), g.width = Q, g.height = J, g.xoff = C, g.yoff = P, g.x1 = Q >> 1, g.y1 = J >> 1, g.x0 = -g.x1, g.y0 = -g.y1, g.hasText = !0, C += Q;
      }
      for (var K = N.getImageData(0, 0, (a << 5) / q, i / q).data, B = []; --y >= 0; )
        if (g = $[y], !!g.hasText) {
          for (var M = g.width, R = M >> 5, G = g.y1 - g.y0, S = 0; S < G * R; S++) B[S] = 0;
          if (C = g.xoff, C == null) return;
          P = g.yoff;
          for (var Z = 0, U = -1, et = 0; et < G; et++) {
            for (var S = 0; S < M; S++) {
              var V = R * et + (S >> 5), W = K[(P + et) * (a << 5) + (C + S) << 2] ? 1 << 31 - S % 32 : 0;
              B[V] |= W, Z |= W;
            }
            Z ? U = et : (g.y0++, G--, et--, P++);
          }
          g.y1 = g.y0 + U, g.sprite = B.slice(0, (g.y1 - g.y0) * R);
        }
    }
  }
  function l(_, g, $) {
    $ >>= 5;
    for (var y = _.sprite, N = _.width >> 5, q = _.x - (N << 4), C = q & 127, P = 32 - C, L = _.y1 - _.y0, z = (_.y + _.y0) * $ + (q >> 5), D, F = 0; F < L; F++) {
      D = 0;
      for (var x = 0; x <= N; x++)
        if ((D << P | (x < N ? (D = y[F * N + x]) >>> C : 0)) & g[z + x]) return !0;
      z += $;
    }
    return !1;
  }
  function d(_, g) {
    var $ = _[0], y = _[1];
    g.x + g.x0 < $.x && ($.x = g.x + g.x0), g.y + g.y0 < $.y && ($.y = g.y + g.y0), g.x + g.x1 > y.x && (y.x = g.x + g.x1), g.y + g.y1 > y.y && (y.y = g.y + g.y1);
  }
  function p(_, g) {
    return _.x + _.x1 > g[0].x && _.x + _.x0 < g[1].x && _.y + _.y1 > g[0].y && _.y + _.y0 < g[1].y;
  }
  function b(_) {
    var g = _[0] / _[1];
    return function($) {
      return [g * ($ *= 0.1) * Math.cos($), $ * Math.sin($)];
    };
  }
  function m(_) {
    var g = 4, $ = g * _[0] / _[1], y = 0, N = 0;
    return function(q) {
      var C = q < 0 ? -1 : 1;
      switch (Math.sqrt(1 + 4 * C * q) - C & 3) {
        case 0:
          y += $;
          break;
        case 1:
          N += g;
          break;
        case 2:
          y -= $;
          break;
        default:
          N -= g;
          break;
      }
      return [y, N];
    };
  }
  function v(_) {
    for (var g = [], $ = -1; ++$ < _; ) g[$] = 0;
    return g;
  }
  function w() {
    return document.createElement("canvas");
  }
  function k(_) {
    return typeof _ == "function" ? _ : function() {
      return _;
    };
  }
  return Re;
}
var As = Ms();
const Ns = /* @__PURE__ */ ms(As), zs = "system-ui, sans-serif", Vt = 2;
function Es(t) {
  let e = t >>> 0;
  return () => {
    e = e + 1831565813 >>> 0;
    let n = e;
    return n = Math.imul(n ^ n >>> 15, n | 1), n ^= n + Math.imul(n ^ n >>> 7, n | 61), ((n ^ n >>> 14) >>> 0) / 4294967296;
  };
}
function Ss(t, e, n, a, i, r = 11, o = 26) {
  let c = 0;
  return e.map((s) => {
    const f = Math.round(ii(n[s], a, r, o));
    return c += (i(t[s], f) + 2 * Vt) * (f * 1.25 + 2 * Vt), c;
  });
}
function Cs(t, e, n, a, i, r = 11, o = 26, c) {
  const s = e.map((b) => ({
    text: t[b],
    index: b,
    strength: n[b],
    size: Math.round(ii(n[b], a, r, o))
  }));
  if (s.length === 0) return { words: [], height: 0 };
  const f = s.reduce((b, m) => b + (c(m.text, m.size) + 2 * Vt) * (m.size * 1.25 + 2 * Vt), 0);
  let u = Math.max(s[0].size * 2, Math.ceil(f * 1.5 / i));
  for (let b = 0; b < 8; b++) {
    let m = [];
    if (Ns().size([i, u]).words(s.map((v) => ({ ...v }))).padding(Vt).rotate(0).font(zs).fontSize((v) => v.size).random(Es(e.length * 7919 + e[0])).on("end", (v) => m = v).start(), m.length === s.length) {
      const v = Math.min(...m.map((k) => (k.y ?? 0) - k.size * 0.85)), w = Math.max(...m.map((k) => (k.y ?? 0) + k.size * 0.3));
      return {
        words: m.map((k) => ({
          word: k.text,
          index: k.index,
          strength: k.strength,
          size: k.size,
          x: (k.x ?? 0) + i / 2,
          y: (k.y ?? 0) - v
        })),
        height: Math.ceil(w - v)
      };
    }
    u = Math.ceil(u * 1.35);
  }
  let l = 0, d = 0;
  return { words: s.map((b) => {
    const m = c(b.text, b.size) + 8;
    l > 0 && l + m > i && (l = 0, d += o * 1.25);
    const v = { word: b.text, index: b.index, strength: b.strength, size: b.size, x: l + m / 2, y: d + o };
    return l += m, v;
  }), height: d + o * 1.3 };
}
const qs = "#3d1f5c";
function Je(t, e) {
  return t === null ? `holds its words longer than ${e} step${e === 1 ? "" : "s"}` : `half-life ${t} step${t === 1 ? "" : "s"}`;
}
function ae(t, e) {
  return t === null ? `> ${e} steps` : `${t} step${t === 1 ? "" : "s"}`;
}
function Ts(t) {
  const e = Ya((n) => Yo(0.25 + 0.75 * n)).domain([1, Math.max(2, t)]).clamp(!0);
  return (n) => n === null ? qs : e(Math.max(1, n));
}
function Rs(t, e, n, a) {
  const i = t.map((c, s) => ({ y: c, i: s })).sort((c, s) => c.y - s.y), r = i.map((c) => c.y);
  for (let c = 0; c < r.length; c++) r[c] = Math.max(r[c], n, c ? r[c - 1] + e : -1 / 0);
  for (let c = r.length - 1; c >= 0; c--) {
    const s = c === r.length - 1 ? a : r[c + 1] - e;
    r[c] = Math.max(n, Math.min(r[c], s));
  }
  const o = new Array(t.length);
  return i.forEach((c, s) => o[c.i] = r[s]), o;
}
function Ps(t, e) {
  const n = e.depth, a = { top: 44, right: 150, bottom: 40, left: 64 }, i = Math.max(640, Math.min(1e3, t.clientWidth || 900)), r = 360, o = [...e.words.flatMap((g) => g.trace), ...e.mean].filter((g) => g !== null), [c, s] = tn([0, ...o]), f = pt().domain([0, n]).range([a.left, i - a.right]), u = pt().domain([c, s]).nice().range([r - a.bottom, a.top]), l = Ht(t).append("svg").attr("class", "trace-chart").attr("width", i).attr("height", r).attr("role", "img").attr("aria-label", `unit ${e.unit}'s trace of its ${e.words.length} top words over ${n} steps: ${Je(e.half_life, n)}`);
  l.append("text").attr("class", "axis-title").attr("x", a.left).attr("y", 14).text("how much of each word the unit still holds k steps later: trace_k = E[s(t+k) | word at t] − E[s(t+k)]"), l.append("g").attr("class", "axis").attr("transform", `translate(0,${r - a.bottom})`).call(nn(f).ticks(Math.min(n, 16)).tickFormat(Qt("d"))), l.append("g").attr("class", "axis").attr("transform", `translate(${a.left},0)`).call(an(u).ticks(6)), l.append("text").attr("class", "axis-title").attr("x", (a.left + i - a.right) / 2).attr("y", r - 6).attr("text-anchor", "middle").text("k: steps after the word"), l.append("line").attr("class", "zero").attr("x1", a.left).attr("x2", i - a.right).attr("y1", u(0)).attr("y2", u(0));
  const d = oe().defined((g) => g !== null).x((g, $) => f($)).y((g) => u(g)), p = pn(Za), b = l.append("g").attr("class", "trace-words"), m = (g) => {
    for (let $ = g.length - 1; $ >= 0; $--) if (g[$] !== null) return { k: $, v: g[$] };
    return { k: 0, v: 0 };
  };
  e.words.forEach((g) => {
    b.append("path").attr("class", "trace-line").attr("data-word", g.word).attr("d", d(g.trace) ?? "").attr("stroke", p(g.word)).append("title").text(`${g.word}: trace_0 ${Pe(g.trace[0])}, trace_${n} ${Pe(g.trace[n])}`);
  }), l.append("path").attr("class", "trace-mean").attr("d", d(e.mean) ?? "").append("title").text("mean |trace_k| over these words");
  const v = e.mean[0];
  if (v != null) {
    const g = v / 2;
    l.append("line").attr("class", "half-line").attr("x1", a.left).attr("x2", i - a.right).attr("y1", u(g)).attr("y2", u(g)).append("title").text(`half the mean at k = 0 (${Pe(g)})`), l.append("text").attr("class", "half-label").attr("x", i - a.right - 4).attr("y", u(g) - 5).attr("text-anchor", "end").text("half of the mean at k = 0");
  }
  if (e.half_life !== null) {
    const g = e.half_life, $ = e.mean[g] ?? 0, y = l.append("g").attr("class", "half-life-mark").attr("data-k", g);
    y.append("line").attr("x1", f(g)).attr("x2", f(g)).attr("y1", u($)).attr("y2", r - a.bottom), y.append("circle").attr("cx", f(g)).attr("cy", u($)).attr("r", 5), y.append("title").text(Je(g, n));
  }
  const w = [{ label: "mean |trace|", end: m(e.mean), cls: "mean-label", fill: "" }, ...e.words.map((g) => ({ label: g.word, end: m(g.trace), cls: "word-label", fill: p(g.word) }))], k = Rs(w.map((g) => u(g.end.v)), 15, a.top, r - a.bottom), _ = l.append("g").attr("class", "trace-labels");
  return w.forEach((g, $) => {
    const y = _.append("text").attr("class", `trace-label ${g.cls}`).attr("x", i - a.right + 8).attr("y", k[$] + 4).text(g.label);
    g.fill && y.attr("fill", It(g.fill)?.darker(1.2).formatHex() ?? g.fill), _.append("line").attr("class", "label-lead").attr("x1", f(g.end.k)).attr("x2", i - a.right + 6).attr("y1", u(g.end.v)).attr("y2", k[$]);
  }), l.node();
}
const Pe = (t) => t == null ? "-" : t.toFixed(3), ci = Qa, Le = 40, Ls = 8, fa = 0.6, Os = 900, Oe = 22, la = 6, Ie = 4, ie = 16, da = 20, Bt = 8, Fe = 10, Is = 1.4, He = /* @__PURE__ */ new Map(), ha = /* @__PURE__ */ new Map(), ua = /* @__PURE__ */ new Map(), Fs = 400;
function De(t, e, n) {
  for (t.set(e, n); t.size > Fs; ) t.delete(t.keys().next().value);
  return n;
}
const ye = (t) => `${t >= 0 ? "+" : ""}${t.toFixed(3)}`;
function Hs(t, e, n) {
  const a = e.words ?? [], i = e.word_strength ?? [], r = e.word_counts ?? [], o = e.unit_strength ?? [], c = e.unit_clusters ?? [], s = e.word_clusters ?? [], f = n.mirror ?? !1, u = n.centred && n.width >= Os ? ["left", "right"] : [f ? "left" : "right"], l = xs(n.width - 2 * Ie, u), d = n.height !== void 0 ? Math.max(0, n.height - Oe - la) : void 0, p = c.filter((h) => h.length > 0).length, b = Math.max(120, ((d ?? 640) - p * (ie + Fe)) * 0.85), m = ds(c, l.chipWidth, b, 0), v = _n(i), w = hs(e.edges ?? [], n.filter, n.maxStroke), k = l.cloudWidth - 2 * Bt, _ = (h, A) => `${e.id}/${h}/${Math.min(A, s[h].length)}/${l.cloudWidth}`, g = (h, A) => {
    const H = _(h, A);
    return He.get(H) ?? De(He, H, Cs(a, Qe(s[h], i, A), i, v, k, 11, 26, pa));
  }, y = s.map((h, A) => Qe(h, i, n.expanded.has(A) ? void 0 : Le)).map((h) => Ss(a, h, i, v, pa)), N = (h, A) => (y[h][Math.min(A, y[h].length) - 1] ?? 0) / k, q = (h) => `${e.id}/${h}/${l.cloudWidth}`, C = (h, A) => He.get(_(h, A))?.height ?? N(h, A) * (ha.get(q(h)) ?? Is), P = (h) => da + h + Bt, L = m.chips.map((h) => ({ cluster: h.cluster, height: ie + h.height, anchor: ie + h.height / 2 })), z = s.flatMap((h, A) => {
    if (h.length === 0) return [];
    const H = n.expanded.has(A);
    return [{
      cluster: A,
      words: H ? h.length : Math.min(Le, h.length),
      minWords: Math.min(Ls, h.length),
      fixed: H,
      heightFor: (ct) => P(C(A, ct))
    }];
  }), D = { sides: u, chipGap: Fe, cloudGap: Fe, height: d, order: n.order }, F = [e.id, l.cloudWidth, d, [...n.expanded].sort().join("+"), n.filter, n.maxStroke, n.order?.join("+") ?? ""].join("/"), x = ua.get(F);
  let T = x ?? ca(L, z, w, D).words, E;
  for (let h = 0; ; h++) {
    for (const H of z) {
      const ct = T.get(H.cluster) ?? H.words, kt = N(H.cluster, ct), tt = g(H.cluster, ct).height;
      kt > 0 && De(ha, q(H.cluster), tt / kt);
    }
    if (E = se(L, z.map((H) => ({ cluster: H.cluster, height: H.heightFor(T.get(H.cluster) ?? H.words) })), w, D), x || d === void 0 || E.height <= d || h === 3) break;
    const A = T;
    T = ca(L, z.map((H) => ({ ...H, words: A.get(H.cluster) ?? H.words })), w, D).words;
  }
  De(ua, F, T);
  const X = new Map(E.chips.map((h) => [h.cluster, h])), K = m.chips.map((h) => {
    const A = (X.get(h.cluster)?.y ?? 0) + ie;
    return { ...h, x: l.chipX + (l.chipWidth - h.width) / 2, y: A, dy: A - h.y };
  }), B = new Map(K.map((h) => [h.cluster, h])), M = m.cells.map((h) => {
    const A = B.get(h.cluster);
    return { ...h, x: h.x + (A?.x ?? 0), y: h.y + (A?.dy ?? 0) };
  }), R = E.clouds.map((h) => {
    const A = s[h.cluster], H = g(h.cluster, T.get(h.cluster) ?? Le);
    return {
      cluster: h.cluster,
      side: h.side,
      x: l.cloudX[h.side],
      y: h.y,
      width: l.cloudWidth,
      height: h.height,
      layout: H,
      count: A.length,
      more: A.length - H.words.length
    };
  }), G = new Map(R.map((h) => [h.cluster, h])), S = Oe + E.height + la, Z = Ht(t).append("svg").attr("class", `cocluster${u.length > 1 ? " centred" : ""}`).attr("width", l.width + 2 * Ie).attr("height", S).attr("role", "group").attr("aria-label", `co-clustering ${e.id}: ${K.length} memory chips and ${R.length} word clouds`);
  Z.append("rect").attr("class", "background").attr("width", "100%").attr("height", "100%").on("click", () => li());
  const U = Z.append("g").attr("transform", `translate(${Ie},${Oe})`);
  U.append("text").attr("class", "axis-title").attr("x", l.chipX + l.chipWidth / 2).attr("y", -8).attr("text-anchor", "middle").text("memory chips (units)");
  for (const h of new Set(R.map((A) => A.side)))
    U.append("text").attr("class", "axis-title").attr("x", l.cloudX[h] + l.cloudWidth / 2).attr("y", -8).attr("text-anchor", "middle").text("word clouds");
  U.append("g").attr("class", "edges").selectAll("path").data(w).join("path").attr("class", (h) => `edge ${h.value > 0 ? "positive" : "negative"}${h.chip === h.cluster ? " paired" : ""}`).attr("data-chip", (h) => h.chip).attr("data-cloud", (h) => h.cluster).attr("stroke-width", (h) => h.width).attr("d", (h) => {
    const A = B.get(h.chip), H = G.get(h.cluster);
    if (!A || !H) return "";
    const ct = A.y + A.height / 2, kt = H.y + H.height / 2, tt = H.side === "left", di = tt ? A.x - 3 : A.x + A.width + 3, vn = tt ? l.chipX : l.chipX + l.chipWidth, kn = tt ? H.x + H.width + 2 : H.x - 2, $n = (vn + kn) / 2;
    return `M${di},${ct} H${vn} C${$n},${ct} ${$n},${kt} ${kn},${kt}`;
  }).append("title").text((h) => `chip #${h.chip} x cloud #${h.cluster}: mean response ${ye(h.value)}`);
  const V = n.halfLives ?? null, W = n.colourBy === "half-life" && V !== null, I = V ? Ts(V.depth) : null, nt = (h) => V ? V.chips[h] ?? null : null, Q = W ? (h, A) => I(V.units[A] ?? null) : Ws(n.wordResponses, o, n.colourExtent), J = U.append("g").attr("class", "chips");
  J.selectAll("rect.chip").data(K).join("rect").attr("class", W ? "chip by-half-life" : "chip").attr("data-chip", (h) => h.cluster).attr("data-half-life", (h) => V ? String(nt(h.cluster) ?? "longer") : null).style("stroke", (h) => W ? I(nt(h.cluster)) : null).attr("x", (h) => h.x - 3).attr("y", (h) => h.y - 3).attr("width", (h) => h.width + 5).attr("height", (h) => h.height + 5).on("click", (h, A) => at("chip", A.cluster));
  const yt = (h) => `#${h.cluster} · ${h.units.length} unit${h.units.length === 1 ? "" : "s"}${W ? ` · t½ ${ae(nt(h.cluster), V.depth)}` : ""}`;
  J.selectAll("text.chip-label").data(K).join("text").attr("class", "chip-label").attr("data-chip", (h) => h.cluster).attr("x", (h) => h.x + h.width / 2).attr("y", (h) => h.y - 6).attr("text-anchor", "middle").attr("tabindex", 0).attr("role", "button").text(yt).attr("aria-label", (h) => W ? `${yt(h)}: memory chip ${h.cluster}, half-life ${ae(nt(h.cluster), V.depth)}` : `memory chip ${h.cluster}: ${h.units.length} units`).on("click", (h, A) => at("chip", A.cluster)).on("keydown", (h, A) => h.key === "Enter" && at("chip", A.cluster)).append("title").text((h) => {
    const A = e.quality?.cluster_modularity?.[h.cluster];
    return `chip #${h.cluster}: ${h.units.length} units, ${s[h.cluster]?.length ?? 0} words` + (A !== void 0 ? `; its modularity term ${A.toFixed(3)}` : "") + (V ? `; half-life ${ae(nt(h.cluster), V.depth)} (its units' median)` : "");
  });
  const _t = e.unit_confidence ?? null, wt = e.word_confidence ?? null, Et = Math.max(1, n.wordResponses.length), Jt = J.selectAll("g.unit").data(M).join("g").attr("class", (h) => `unit${_t && _t[h.unit] < fa ? " doubtful" : ""}`).attr("data-unit", (h) => h.unit).attr("transform", (h) => `translate(${h.x},${h.y})`).attr("tabindex", 0).attr("role", "button").attr("aria-label", (h) => `unit ${h.unit}`).on("click", (h, A) => n.onUnit(A.unit)).on("keydown", (h, A) => h.key === "Enter" && n.onUnit(A.unit));
  Jt.append("title").text((h) => Ds(h.unit, h.cluster, o, n.wordResponses) + (_t ? `; ${Math.round(100 * _t[h.unit])} % of seeds agree` : "") + (V ? `; half-life ${ae(V.units[h.unit] ?? null, V.depth)}` : ""));
  for (let h = 0; h < Et; h++)
    Jt.append("rect").attr("class", "cell").attr("x", (A) => h * A.width / Et).attr("width", (A) => A.width / Et).attr("height", (A) => A.height).attr("fill", (A) => Q(h, A.unit));
  const vt = U.append("g").attr("class", "clouds").selectAll("g.cloud").data(R).join("g").attr("class", (h) => `cloud ${h.side}`).attr("data-cloud", (h) => h.cluster).attr("transform", (h) => `translate(${h.x},${h.y})`);
  vt.append("rect").attr("class", "cloud-box").attr("width", (h) => h.width).attr("height", (h) => h.height).attr("rx", 6).attr("tabindex", 0).attr("role", "button").attr("aria-label", (h) => `word cloud ${h.cluster}: ${h.count} words`).on("click", (h, A) => at("cluster", A.cluster)).on("keydown", (h, A) => h.key === "Enter" && at("cluster", A.cluster));
  const St = vt.append("text").attr("class", "cloud-number").attr("data-cloud", (h) => h.cluster).attr("x", Bt).attr("y", 14).on("click", (h, A) => at("cluster", A.cluster));
  St.append("tspan").attr("class", "cloud-id").text((h) => `#${h.cluster}`), St.append("tspan").attr("class", "cloud-count").text((h) => h.more > 0 ? ` · ${h.layout.words.length} of ${h.count} words` : ` · ${h.count} word${h.count === 1 ? "" : "s"}`);
  const Ct = vt.append("g").attr("class", "words").attr("transform", `translate(${Bt},${da})`).selectAll("g.word-mark").data((h) => h.layout.words).join("g").attr("class", "word-mark");
  Ct.append("title").text((h) => `${h.word}: strength ${ye(h.strength)} (mean response over its chip's units)` + (r[h.index] !== void 0 ? `, seen ${r[h.index].toLocaleString()} times` : "") + (wt ? `; ${Math.round(100 * wt[h.index])} % of seeds agree` : "")), Ct.append("text").attr("class", (h) => `word ${h.strength >= 0 ? "positive" : "negative"}${wt && wt[h.index] < fa ? " doubtful" : ""}`).attr("data-word", (h) => h.word).attr("x", (h) => h.x).attr("y", (h) => h.y).attr("text-anchor", "middle").attr("font-size", (h) => h.size).attr("tabindex", 0).attr("role", "button").attr("aria-label", (h) => `word ${h.word}`).text((h) => h.word).on("click", (h, A) => n.onWord(A.word)).on("keydown", (h, A) => h.key === "Enter" && n.onWord(A.word)), vt.filter((h) => h.more > 0).append("text").attr("class", "more-words").attr("data-no-export", "").attr("x", (h) => h.width - Bt).attr("y", 14).attr("text-anchor", "end").attr("tabindex", 0).attr("role", "button").text((h) => `+${h.more} more words`).on("click", (h, A) => n.onExpand(A.cluster)).on("keydown", (h, A) => h.key === "Enter" && n.onExpand(A.cluster));
  function at(h, A) {
    const H = us(w, h, A), ct = new Set(h === "chip" ? [A] : H), kt = new Set(h === "cluster" ? [A] : H);
    U.classed("focused", !0), U.selectAll("rect.chip").classed("active", (tt) => ct.has(tt.cluster)), U.selectAll("text.chip-label").classed("active", (tt) => ct.has(tt.cluster)), U.selectAll("g.cloud").classed("active", (tt) => kt.has(tt.cluster)), U.selectAll("path.edge").classed("active", (tt) => h === "chip" ? tt.chip === A : tt.cluster === A);
  }
  function li() {
    U.classed("focused", !1), U.selectAll(".active").classed("active", !1);
  }
  return Z.node();
}
function Ds(t, e, n, a) {
  const i = n[t] !== void 0 ? `: mean response to cloud #${e}'s words ${ye(n[t])}` : "", r = a.map((o) => `E[Δs | ${o.word}] ${ye(o.mean[t] ?? 0)}`).join(", ");
  return `unit ${t} (chip #${e})${i}${r ? `; ${r}` : ""}`;
}
let re = null;
function pa(t, e) {
  return re ??= document.createElement("canvas").getContext("2d"), re ? (re.font = `${e}px system-ui, sans-serif`, re.measureText(t).width) : t.length * e * 0.6;
}
function Ws(t, e, n) {
  const a = oi(t, e);
  if (a.length === 0) return () => "#b9c2cc";
  const i = n ?? _n(a), r = ve(ci).domain([i, 0, -i]);
  return t.length === 0 ? (o, c) => r(e[c] ?? 0) : (o, c) => r(t[o]?.mean[c] ?? 0);
}
function oi(t, e) {
  return t.length ? t.flatMap((n) => n.mean) : e;
}
function Bs(t, e) {
  return _n(oi(t, e));
}
function js(t, e, n, a, i) {
  const r = Bs(t, e), o = 220, c = Ea("svg").attr("class", "legend").attr("width", o + 40).attr("height", 40).attr("role", "img").attr("aria-label", `unit colour scale from ${(-r).toFixed(2)} (blue) to ${r.toFixed(2)} (red)`), s = c.append("defs").append("linearGradient").attr("id", "legend-gradient"), f = ve(ci).domain([r, 0, -r]);
  en(0, 1.01, 0.1).forEach(
    (v) => s.append("stop").attr("offset", `${v * 100}%`).attr("stop-color", f(-r + 2 * r * v))
  ), c.append("rect").attr("x", 20).attr("y", 4).attr("width", o).attr("height", 10).attr("fill", "url(#legend-gradient)");
  const u = pt().domain([-r, r]).range([20, 20 + o]);
  c.append("g").attr("transform", "translate(0,16)").call(nn(u).ticks(4, "~g"));
  const l = document.createElement("div");
  l.className = "legend-box", l.setAttribute("data-testid", "cocluster-legend");
  const d = (v, w) => {
    const k = document.createElement("span");
    return k.className = v, k.textContent = w, k;
  }, p = t.length ? `units: E[Δs | word], stripes left to right: ${t.map((v) => v.word).join(", ")}` : "units: mean response to their own cloud's words", b = (v) => {
    const w = d("legend-text ui-hint", v);
    return w.setAttribute("data-no-export", ""), w;
  }, m = document.createElement("div");
  return m.className = "legend-items", m.append(
    d("legend-text", p),
    t.length || i !== void 0 ? "" : b("(click a word for its response)"),
    d("legend-text", "words:"),
    d("word positive", "positive"),
    d("word negative", "negative"),
    d("legend-text", `strength (${n} co-clustering), larger = stronger;`),
    d("legend-text", "edges:"),
    d("edge-key positive", "━ positive"),
    d("edge-key negative", "━ negative"),
    d("legend-text", "mean response, width = |mean|;"),
    b("hover any mark for its numbers")
  ), l.append(c.node(), m), l;
}
const We = { width: 54, height: 46, left: 256 }, ba = 24;
function Xs(t, e, n) {
  const a = e.glyphs, i = a.positive.map((w, k) => k).filter((w) => (a.sizes?.[w] ?? 1) > 0), r = i.length, o = e.tokens.length, c = { width: We.width, height: We.height }, s = { top: 40, left: We.left }, f = { x: 186, width: 60, height: 14 }, u = ve(Qa).domain([Math.max(1e-9, ...(n?.unit_strength ?? []).map(Math.abs)), 0, -Math.max(1e-9, ...(n?.unit_strength ?? []).map(Math.abs))]), l = (w) => n ? ps(w, n.word_clusters ?? [], n.words ?? [], n.word_strength ?? []) : `#${w}`, d = s.left + o * c.width + 20, p = s.top + r * c.height + 20, b = Math.max(1e-9, ...a.positive.flat(), ...a.negative.flat().map(Math.abs)), m = pt().domain([0, b]).range([0, c.height / 2 - 4]), v = Ht(t).append("svg").attr("class", "glyphs").attr("width", d).attr("height", p).attr("role", "img").attr("aria-label", `glyphs: ${o} words x ${r} clusters`);
  return v.selectAll("text.token").data(e.tokens).join("text").attr("class", "token").attr("x", (w, k) => s.left + k * c.width + c.width / 2).attr("y", s.top - 12).attr("text-anchor", "middle").text((w) => w), i.forEach((w, k) => {
    const _ = v.append("g").attr("class", "chip-row").attr("data-chip", w).attr("transform", `translate(0,${s.top + k * c.height})`);
    _.append("rect").attr("class", "row-hover").attr("width", d).attr("height", c.height), _.append("text").attr("class", "cluster-label").attr("x", f.x - 6).attr("y", c.height / 2 + 4).attr("text-anchor", "end").text(l(w).length > ba ? `${l(w).slice(0, ba - 1)}…` : l(w)).append("title").text(`chip #${w}: ${a.sizes?.[w] ?? "?"} units; its cloud: ${l(w)}`);
    const $ = n?.unit_clusters?.[w] ?? [];
    if ($.length) {
      const y = _.append("g").attr("class", "mini-chip").attr("transform", `translate(${f.x},${(c.height - f.height) / 2})`), N = f.width / $.length;
      y.selectAll("rect.sliver").data($).join("rect").attr("class", "sliver").attr("x", (q, C) => C * N).attr("width", Math.max(N, 0.5)).attr("height", f.height).attr("fill", (q) => n?.unit_strength ? u(n.unit_strength[q] ?? 0) : "#b9c2cc"), y.append("rect").attr("class", "mini-chip-frame").attr("x", -1).attr("y", -1).attr("width", f.width + 2).attr("height", f.height + 2), y.append("title").text(`chip #${w}: units ${$.slice(0, 20).join(", ")}${$.length > 20 ? ", ..." : ""}`);
    }
    for (let y = 0; y < o; y++) {
      const N = s.left + y * c.width, q = c.height / 2, C = _.append("g").attr("class", "glyph").attr("transform", `translate(${N},0)`);
      C.append("title").text(
        `${e.tokens[y]}, chip ${w}: positive ${a.positive[w][y].toFixed(3)}, negative ${a.negative[w][y].toFixed(3)}, update +${a.update_positive[w][y].toFixed(3)} / ${a.update_negative[w][y].toFixed(3)}, preserved ${(100 * a.preserved[w][y]).toFixed(0)} %`
      ), C.append("rect").attr("class", "glyph-frame").attr("x", 2).attr("y", 1).attr("width", c.width - 4).attr("height", c.height - 2), C.append("rect").attr("class", "bar positive").attr("x", 10).attr("width", 14).attr("y", q - m(a.positive[w][y])).attr("height", m(a.positive[w][y])), C.append("rect").attr("class", "bar negative").attr("x", 10).attr("width", 14).attr("y", q).attr("height", m(Math.abs(a.negative[w][y])));
      const P = a.update_positive[w][y], L = a.update_negative[w][y];
      C.append("rect").attr("class", `update positive ${P < 0 ? "shrink" : ""}`).attr("x", 26).attr("width", 5).attr("y", q - m(Math.abs(P))).attr("height", m(Math.abs(P))), C.append("rect").attr("class", `update negative ${L > 0 ? "shrink" : ""}`).attr("x", 26).attr("width", 5).attr("y", q).attr("height", m(Math.abs(L)));
      const z = Math.max(0, Math.min(1, a.preserved[w][y]));
      C.append("rect").attr("class", "preserved-frame").attr("x", 37).attr("y", 6).attr("width", 8).attr("height", c.height - 12), C.append("rect").attr("class", "preserved").attr("x", 37).attr("y", 6 + (1 - z) * (c.height - 12)).attr("width", 8).attr("height", z * (c.height - 12)), C.append("line").attr("class", "baseline").attr("x1", 6).attr("x2", 33).attr("y1", q).attr("y2", q);
    }
  }), v.node();
}
function Vs(t, e) {
  const n = e.decomposition, a = Math.max(660, 80 + e.tokens.length * 54), i = 80, r = Ga().domain(en(e.tokens.length)).range([i, a - 20]).padding(0.2), o = e.tokens.some((p) => p.length * 7 > r.bandwidth() + 8), c = Math.min(24, Math.max(...e.tokens.map((p) => p.length))), s = { top: 36, bottom: o ? 20 + Math.ceil(c * 7 * Math.sin(Math.PI / 5.1)) : 40, left: i }, f = 180 + s.bottom, u = Math.max(1e-9, ...n.contributions.map(Math.abs)), l = pt().domain([-u, u]).range([f - s.bottom, s.top]).nice(), d = Ht(t).append("svg").attr("class", "decomposition").attr("width", a).attr("height", f).attr("role", "img").attr("aria-label", "output decomposition");
  return d.append("text").attr("class", "axis-title").attr("x", s.left).attr("y", 16).text(`contribution of each word to the logit of “${n.label}” (logit ${n.logit.toFixed(2)} = bias ${n.bias.toFixed(2)} + sum)`), d.append("g").attr("transform", `translate(${s.left},0)`).call(an(l).ticks(5)), d.selectAll("rect.contribution").data(n.contributions).join("rect").attr("class", (p) => `contribution ${p >= 0 ? "positive" : "negative"}`).attr("x", (p, b) => r(b) ?? 0).attr("width", r.bandwidth()).attr("y", (p) => p >= 0 ? l(p) : l(0)).attr("height", (p) => Math.abs(l(p) - l(0))), d.selectAll("text.token").data(e.tokens).join("text").attr("class", "token").attr("text-anchor", o ? "end" : "middle").attr("transform", (p, b) => {
    const [m, v] = [(r(b) ?? 0) + r.bandwidth() / 2, f - s.bottom + (o ? 10 : 16)];
    return o ? `translate(${m},${v}) rotate(-35)` : `translate(${m},${v})`;
  }).text((p) => p), d.append("line").attr("class", "zero").attr("x1", s.left).attr("x2", a - 20).attr("y1", l(0)).attr("y2", l(0)), d.node();
}
function ot(t) {
  return t == null ? "last" : `step ${t}`;
}
function Gs(t) {
  return t == null ? "last" : String(t);
}
function Us(t, e, n, a) {
  const i = t.length;
  if (i === 0) return [];
  if (i === 1) return [(e + n) / 2];
  const r = t.map((l, d) => e + (n - e) * d / (i - 1));
  if (t.filter((l) => l !== null).length < 2 && t.some((l) => l === null)) return r;
  const c = [];
  for (let l = 0; l < i; l++) {
    const d = t[l];
    if (d !== null) c.push(d);
    else {
      const p = c.filter((m) => Number.isFinite(m)), b = p.length >= 2 ? (p[p.length - 1] - p[0]) / (p.length - 1) : 1;
      c.push((p[p.length - 1] ?? 0) + b);
    }
  }
  if (!c.every((l, d) => d === 0 || l > c[d - 1])) return r;
  const f = pt().domain([c[0], c[i - 1]]).range([e, n]), u = c.map((l) => f(l));
  return u.every((l, d) => d === 0 || l - u[d - 1] >= a) ? u : r;
}
function si(t) {
  const e = t.checkpoints ?? [], n = t.links ?? [], a = [];
  let i = /* @__PURE__ */ new Map();
  return e.forEach((r, o) => {
    const c = r.chips.filter((d) => d.size > 0), s = /* @__PURE__ */ new Map();
    for (const d of c) {
      const p = o === 0 ? [] : n.filter((m) => m.checkpoint === o - 1 && m.target === d.index && i.has(m.source) && m.units > 0), b = p.reduce((m, v) => m + v.units, 0);
      s.set(d.index, b > 0 ? p.reduce((m, v) => m + v.units * (i.get(v.source) ?? 0), 0) / b : 2 + d.track / 1e6);
    }
    const f = [...c].sort((d, p) => (o === 0 ? d.track - p.track : (s.get(d.index) ?? 0) - (s.get(p.index) ?? 0)) || d.track - p.track || d.index - p.index);
    a.push(f.map((d) => d.index));
    const u = f.reduce((d, p) => d + p.size, 0) || 1;
    i = /* @__PURE__ */ new Map();
    let l = 0;
    for (const d of f)
      i.set(d.index, (l + d.size / 2) / u), l += d.size;
  }), a;
}
function Ks(t, e, { top: n, height: a, chipWidth: i, gap: r = 8 }) {
  const o = t.checkpoints ?? [], c = si(t), s = c.map((y, N) => y.reduce((q, C) => q + (o[N].chips.find((P) => P.index === C)?.size ?? 0), 0)), f = Math.max(0, ...s), u = Math.max(1, ...c.map((y) => y.length)), l = f > 0 ? Math.max(0.5, (a - r * (u - 1)) / f) : 0, d = [], p = /* @__PURE__ */ new Map();
  c.forEach((y, N) => {
    let q = n;
    for (const C of y) {
      const P = o[N].chips.find((z) => z.index === C), L = { t: N, chip: P, x: e[N] - i / 2, y: q, width: i, height: Math.max(1, P.size * l) };
      d.push(L), p.set(`${N}:${C}`, L), q += L.height + r;
    }
  });
  const b = [], m = (t.links ?? []).filter((y) => y.units > 0 && p.has(`${y.checkpoint}:${y.source}`) && p.has(`${y.checkpoint + 1}:${y.target}`)), v = Nn(m, (y) => `${y.checkpoint}:${y.source}`), w = Nn(m, (y) => `${y.checkpoint + 1}:${y.target}`), k = /* @__PURE__ */ new Map(), _ = /* @__PURE__ */ new Map(), g = (y, N, q) => {
    for (const [C, P] of y) {
      const L = p.get(C), z = P.reduce((x, T) => x + T.units, 0), D = Math.min(1, L.chip.size / Math.max(1, z));
      let F = L.y;
      for (const x of [...P].sort((T, E) => N(T).y - N(E).y)) {
        const T = x.units * l * D;
        q.set(x, [F, T]), F += T;
      }
    }
  };
  g(v, (y) => p.get(`${y.checkpoint + 1}:${y.target}`), k), g(w, (y) => p.get(`${y.checkpoint}:${y.source}`), _);
  for (const y of m) {
    const N = p.get(`${y.checkpoint}:${y.source}`), q = p.get(`${y.checkpoint + 1}:${y.target}`), [C, P] = k.get(y), [L, z] = _.get(y);
    b.push({ link: y, x0: N.x + N.width, y0: C, h0: P, x1: q.x, y1: L, h1: z, track: N.chip.track });
  }
  const $ = Math.max(n, ...d.map((y) => y.y + y.height));
  return { columns: o.map((y, N) => ({ t: N, x: e[N], checkpoint: y })), chips: d, ribbons: b, unitHeight: l, top: n, bottom: $ };
}
function Ys(t) {
  const e = (t.x0 + t.x1) / 2, n = (a) => Math.round(a * 10) / 10;
  return `M${n(t.x0)},${n(t.y0)}C${n(e)},${n(t.y0)} ${n(e)},${n(t.y1)} ${n(t.x1)},${n(t.y1)}L${n(t.x1)},${n(t.y1 + t.h1)}C${n(e)},${n(t.y1 + t.h1)} ${n(e)},${n(t.y0 + t.h0)} ${n(t.x0)},${n(t.y0 + t.h0)}Z`;
}
function Zs(t, e, n) {
  const a = (t.links ?? []).filter((c) => c.matched), i = (t.checkpoints ?? []).length, r = [];
  for (let c = { t: e, chip: n }; c.t > 0; ) {
    const s = a.find((f) => f.checkpoint === c.t - 1 && f.target === c.chip);
    if (!s) break;
    c = { t: c.t - 1, chip: s.source }, r.unshift(c);
  }
  const o = [];
  for (let c = { t: e, chip: n }; c.t < i - 1; ) {
    const s = a.find((f) => f.checkpoint === c.t && f.source === c.chip);
    if (!s) break;
    c = { t: c.t + 1, chip: s.target }, o.push(c);
  }
  return { back: r, forward: o };
}
function Qs(t, e) {
  return t.word_paths?.[e] ?? null;
}
const ga = [...Za, ...So, ...Co];
function Js(t) {
  const e = [];
  return si(t).forEach((a, i) => {
    for (const r of a) {
      const o = t.checkpoints[i].chips.find((c) => c.index === r).track;
      e.includes(o) || e.push(o);
    }
  }), (a) => {
    const i = e.indexOf(a);
    return ga[(i < 0 ? a : i) % ga.length];
  };
}
const tf = 130, ef = 34, nf = 40, st = (t) => (e) => typeof e == "number" && Number.isFinite(e) ? e.toFixed(t) : "–";
function af(t, e, n, a = 380) {
  const i = t.checkpoints ?? [], r = { left: 84, right: 30, top: 18 }, o = i.length, c = Us(i.map((x) => x.step), r.left + 14, e - r.right - 14, 46), s = o > 1 ? Math.min(...c.slice(1).map((x, T) => x - c[T])) : 200, f = Math.max(8, Math.min(22, s * 0.22)), u = r.top, l = u + tf, d = l + ef + 8, p = Ks(t, c, { top: d, height: a, chipWidth: f }), b = p.bottom + nf + 12, m = Js(t), v = Ea("svg").attr("class", "timeline-chart").attr("width", e).attr("height", b).attr("role", "group").attr("aria-label", `loss and memory chips at ${o} checkpoints, ${ot(i[0]?.step)} to ${ot(i[o - 1]?.step)}`), w = v.append("g").attr("class", "loss"), k = (x) => x != null, _ = i.some((x) => k(x.loss)), g = (x) => _ ? x.c.loss : x.c.accuracy, $ = i.map((x, T) => ({ t: T, c: x })).filter((x) => k(_ ? x.c.loss : x.c.accuracy));
  if (w.append("text").attr("class", "axis-title").attr("x", 4).attr("y", u - 4).text($.length ? _ ? "loss at each checkpoint (nats per word, on the recorded text)" : "accuracy at each checkpoint (on the corpus's first labeled sequences; dashed: always the commonest label)" : "no loss or accuracy was measured at these checkpoints"), $.length) {
    const x = $.map(g), T = _ ? [] : $.map((M) => M.c.majority_accuracy).filter(k), [E, X] = tn([...x, ...T]), K = Math.max(0.05, (X - E) * 0.1), B = pt().domain([E - K, X + K]).nice().range([l, u + 10]);
    if (w.append("g").attr("class", "axis").attr("transform", `translate(${r.left},0)`).call(an(B).ticks(4)), w.selectAll("line.column-guide").data(c).join("line").attr("class", "column-guide").attr("x1", (M) => M).attr("x2", (M) => M).attr("y1", u + 6).attr("y2", l), T.length) {
      const M = $.filter((R) => k(R.c.majority_accuracy));
      w.append("path").attr("class", "majority-line").attr("stroke-dasharray", "4 3").attr("d", oe((R) => c[R.t], (R) => B(R.c.majority_accuracy))(M) ?? "");
    }
    w.append("path").attr("class", "loss-line").attr("d", oe((M) => c[M.t], (M) => B(g(M)))($) ?? ""), w.selectAll("circle.loss-point").data($).join("circle").attr("class", "loss-point").attr("r", 4).attr("data-t", (M) => M.t).attr("cx", (M) => c[M.t]).attr("cy", (M) => B(g(M))).append("title").text((M) => _ ? `${ot(M.c.step)}: loss ${st(3)(M.c.loss)}${M.c.perplexity != null ? `, perplexity ${st(1)(M.c.perplexity)}` : ""}` : `${ot(M.c.step)}: accuracy ${st(3)(M.c.accuracy)} (always the commonest label: ${st(3)(M.c.majority_accuracy)})`);
  }
  const y = v.append("g").attr("class", "columns").selectAll("g.column").data(p.columns).join("g").attr("class", "column").attr("data-t", (x) => x.t).attr("transform", (x) => `translate(${x.x},0)`);
  y.append("text").attr("class", "column-step").attr("y", l + 26).attr("text-anchor", "middle").text((x) => Gs(x.checkpoint.step)), y.append("text").attr("class", "column-quality").attr("y", p.bottom + 18).attr("text-anchor", "middle").text((x) => st(2)(x.checkpoint.quality?.modularity)).append("title").text((x) => `${ot(x.checkpoint.step)}: modularity ${st(3)(x.checkpoint.quality?.modularity)} over ${x.checkpoint.words} words`);
  const N = (x) => x.checkpoint.stability?.consensus_agreement ?? x.checkpoint.stability, q = (x) => x.checkpoint.stability?.consensus_agreement ? "consensus agreement (ARI of two votes)" : "stability over seeds (ARI)";
  y.filter((x) => x.checkpoint.stability != null).append("text").attr("class", "column-stability").attr("y", p.bottom + 33).attr("text-anchor", "middle").text((x) => `${st(2)(N(x)?.units)}/${st(2)(N(x)?.words)}`).append("title").text((x) => `${ot(x.checkpoint.step)}: ${q(x)}, units ${st(3)(N(x)?.units)}, words ${st(3)(N(x)?.words)}`);
  const C = (x, T, E) => v.append("text").attr("class", "axis-title").attr("x", r.left - 8).attr("y", x).attr("text-anchor", "end").text(T).append("title").text(E);
  if (C(l + 26, "step", "the training step each checkpoint was saved at; last: the model itself"), C(p.bottom + 18, "modularity", "the modularity of each checkpoint's co-clustering (SPEC 9)"), i.some((x) => x.stability != null)) {
    const x = i.some((T) => T.stability?.consensus_agreement);
    C(p.bottom + 33, x ? "agreement" : "stability", x ? "consensus agreement (ARI of two seed sets' votes): units/words" : "stability over seeds (ARI): units/words");
  }
  const P = v.append("g").attr("class", "ribbons").selectAll("path.ribbon").data(p.ribbons).join("path").attr("class", (x) => `ribbon${x.link.matched ? " matched" : ""}`).attr("data-checkpoint", (x) => x.link.checkpoint).attr("data-source", (x) => x.link.source).attr("data-target", (x) => x.link.target).attr("d", Ys).attr("fill", (x) => m(x.track));
  P.append("title").text((x) => {
    const T = i[x.link.checkpoint], E = i[x.link.checkpoint + 1];
    return `${ot(T.step)} chip ${x.link.source} → ${ot(E.step)} chip ${x.link.target}: ${x.link.units} unit${x.link.units === 1 ? "" : "s"} (${Math.round(100 * x.link.share_of_source)} % of the source's, ${Math.round(100 * x.link.share_of_target)} % of the target's)` + (x.link.matched ? "; the target continues the source" : "");
  });
  const L = v.append("g").attr("class", "chips").selectAll("g.chip").data(p.chips).join("g").attr("class", "chip").attr("data-t", (x) => x.t).attr("data-chip", (x) => x.chip.index).attr("data-track", (x) => x.chip.track).attr("tabindex", 0).attr("role", "button").attr("aria-label", (x) => `${ot(i[x.t].step)}, chip ${x.chip.index}: ${x.chip.size} units`).on("click", (x, T) => n({ t: T.t, chip: T.chip.index })).on("keydown", (x, T) => {
    (x.key === "Enter" || x.key === " ") && (x.preventDefault(), n({ t: T.t, chip: T.chip.index }));
  });
  L.append("rect").attr("class", "chip-box").attr("x", (x) => x.x).attr("y", (x) => x.y).attr("width", (x) => x.width).attr("height", (x) => x.height).attr("fill", (x) => m(x.chip.track)), L.filter((x) => x.height >= 11).append("text").attr("class", "chip-index").attr("x", (x) => x.x - 3).attr("y", (x) => x.y + x.height / 2 + 4).attr("text-anchor", "end").text((x) => x.chip.index), L.append("title").text((x) => `${ot(i[x.t].step)}, chip ${x.chip.index}: ${x.chip.size} unit${x.chip.size === 1 ? "" : "s"}, ${x.chip.words} words (track ${x.chip.track})${x.chip.top_words.length ? `; ${x.chip.top_words.slice(0, 6).join(", ")}` : ""}`);
  const z = v.append("path").attr("class", "word-path").attr("fill", "none"), D = new Map(p.chips.map((x) => [`${x.t}:${x.chip.index}`, x])), F = (x, T) => {
    const E = T ? Qs(t, T) : null, X = new Set((E ?? []).flatMap((S, Z) => S === null ? [] : [`${Z}:${S}`])), K = Zs(t, x?.t ?? -1, x?.chip ?? -1), B = new Set(x ? [...K.back, x, ...K.forward].map((S) => `${S.t}:${S.chip}`) : []), M = (S) => `${S.t}:${S.chip.index}`;
    L.classed("selected", (S) => x !== null && S.t === x.t && S.chip.index === x.chip).classed("lineage", (S) => B.has(M(S))).classed("on-path", (S) => X.has(M(S))).attr("aria-pressed", (S) => x !== null && S.t === x.t && S.chip.index === x.chip ? "true" : "false"), P.classed("lineage", (S) => S.link.matched && B.has(`${S.link.checkpoint}:${S.link.source}`) && B.has(`${S.link.checkpoint + 1}:${S.link.target}`)).classed("on-path", (S) => X.has(`${S.link.checkpoint}:${S.link.source}`) && X.has(`${S.link.checkpoint + 1}:${S.link.target}`)), v.classed("dimmed", x !== null || X.size > 0);
    const R = (E ?? []).map((S, Z) => S === null ? null : D.get(`${Z}:${S}`) ?? null), G = oe((S) => S.x + S.width / 2, (S) => S.y + S.height / 2).defined((S) => S !== null)(R);
    z.attr("d", G ?? "").attr("display", X.size ? null : "none"), z.raise();
  };
  return { svg: v.node(), highlight: F };
}
function rf(t, e, n) {
  const i = { top: 58, right: 30, bottom: 30, left: 150 }, r = Math.max(720, Math.min(1200, t.clientWidth || 720)), o = i.top + i.bottom + 24 * e.length, c = (b) => b.quantiles ? [b.quantiles[9], b.quantiles[91]] : [b.mean - b.std, b.mean + b.std], s = tn([0, ...e.flatMap((b) => [b.mean, ...c(b)])]), f = pt().domain(s).nice().range([i.left, r - i.right]), u = Ht(t).append("svg").attr("class", "boxplots").attr("width", r).attr("height", o).attr("role", "group").attr("aria-label", "the unit's words with the spread of its response to each");
  u.append("g").attr("transform", `translate(0,${o - i.bottom})`).call(nn(f).ticks(8)), u.append("text").attr("class", "axis-title").attr("x", i.left).attr("y", 16).text("response of this unit to each word, E[Δs | word] and its spread; (n) = times seen"), cf(u.append("g").attr("class", "key").attr("transform", `translate(${i.left},30)`), e), u.append("line").attr("class", "zero").attr("x1", f(0)).attr("x2", f(0)).attr("y1", i.top - 6).attr("y2", o - i.bottom);
  const l = u.selectAll("g.box").data(e).join("g").attr("class", (b) => `box ${b.mean >= 0 ? "positive" : "negative"} ${b.quantiles ? "quantiles" : "std"}`).attr("transform", (b, m) => `translate(0,${i.top + m * 24})`);
  l.append("a").attr("href", (b) => n(b.word)).append("text").attr("class", "label").attr("x", i.left - 8).attr("y", 24 / 2 + 4).attr("text-anchor", "end").text((b) => `${b.word} (${b.count})`);
  const d = l.filter((b) => b.quantiles !== null);
  d.append("line").attr("class", "whisker").attr("x1", (b) => f(b.quantiles[9])).attr("x2", (b) => f(b.quantiles[91])).attr("y1", 24 / 2).attr("y2", 24 / 2), d.append("rect").attr("class", "iqr").attr("x", (b) => f(b.quantiles[25])).attr("width", (b) => Math.max(1, f(b.quantiles[75]) - f(b.quantiles[25]))).attr("y", 4).attr("height", 16);
  const p = l.filter((b) => b.quantiles === null);
  p.append("line").attr("class", "std-range").attr("x1", (b) => f(b.mean - b.std)).attr("x2", (b) => f(b.mean + b.std)).attr("y1", 24 / 2).attr("y2", 24 / 2);
  for (const b of [-1, 1])
    p.append("line").attr("class", "std-end").attr("x1", (m) => f(m.mean + b * m.std)).attr("x2", (m) => f(m.mean + b * m.std)).attr("y1", 7).attr("y2", 17);
  return l.append("rect").attr("class", "mean").attr("x", (b) => f(b.mean) - 1.5).attr("width", 3).attr("y", 2).attr("height", 20), l.append("title").text((b) => {
    const m = b.quantiles, v = m ? `quantiles 9 %: ${bt(m[9])}, 25 %: ${bt(m[25])}, 50 %: ${bt(m[50])}, 75 %: ${bt(m[75])}, 91 %: ${bt(m[91])}` : `std ${bt(b.std)} (no stored quantiles: outside the recording's top words)`;
    return `${b.word}: seen ${b.count} times, mean ${bt(b.mean)}, score ${bt(b.score)}; ${v}`;
  }), u.node();
}
const bt = Qt(".3f");
function cf(t, e) {
  let n = 0;
  const a = (i, r) => {
    const o = t.append("g").attr("transform", `translate(${n},0)`);
    i(o), o.append("text").attr("x", 40).attr("y", 4).text(r), n += 48 + r.length * 6.2;
  };
  e.some((i) => i.quantiles) && a((i) => {
    i.append("line").attr("class", "whisker").attr("x1", 0).attr("x2", 34).attr("y1", 0).attr("y2", 0), i.append("rect").attr("class", "iqr").attr("x", 9).attr("width", 16).attr("y", -6).attr("height", 12);
  }, "box 25–75 %, whiskers 9–91 % (stored quantiles)"), e.some((i) => !i.quantiles) && a((i) => {
    i.append("line").attr("class", "std-range").attr("x1", 2).attr("x2", 32).attr("y1", 0).attr("y2", 0);
    for (const r of [2, 32]) i.append("line").attr("class", "std-end").attr("x1", r).attr("x2", r).attr("y1", -5).attr("y2", 5);
  }, "mean ± std (no stored quantiles)"), a((i) => {
    i.append("rect").attr("class", "mean key-mean").attr("x", 15).attr("width", 3).attr("y", -8).attr("height", 16);
  }, "mean");
}
const of = 640;
function sf(t) {
  const e = t.shadowRoot ?? t.attachShadow({ mode: "open" });
  e.replaceChildren();
  const n = document.createElement("style");
  n.textContent = hi.replaceAll(":root", ":host");
  const a = document.createElement("div");
  return a.className = "rnnvis-widget", a.style.cssText = "background: var(--bg); padding: 8px; font-family: system-ui, sans-serif; color: var(--ink)", e.append(n, a), a;
}
function xt(t, e = "sub") {
  const n = document.createElement("p");
  return n.className = e, n.textContent = t, n;
}
function gt(t, e, n) {
  t.set(e, n), t.save_changes();
}
function fi(t) {
  return Math.max(of, Math.floor(t.clientWidth || 960) - 16);
}
function ff(t, e) {
  const n = xt(""), a = document.createElement("div");
  a.className = "chart", e.append(n, a);
  const i = /* @__PURE__ */ new Set();
  let r = null;
  const o = () => {
    const s = t.get("selected_chip");
    r && s !== null && s !== void 0 && r.querySelector(`rect.chip[data-chip="${s}"]`)?.dispatchEvent(new MouseEvent("click", { bubbles: !0 }));
  }, c = () => {
    const s = t.get("data"), f = s.coclustering;
    n.textContent = `Co-clustering ${f.id}: layer ${f.layer}, state ${f.state}, ${f.n_clusters} chips and clouds, ${f.words?.length ?? 0} words × ${f.unit_labels?.length ?? 0} units. Click a chip, a word or a unit: the widget's selected_chip, selected_word and selected_unit follow.`, a.replaceChildren(js(s.responses, f.unit_strength ?? [], f.mode)), r = Hs(a, f, {
      width: fi(e),
      height: Number(t.get("height")),
      centred: !0,
      filter: 0.2,
      maxStroke: 8,
      wordResponses: s.responses,
      expanded: i,
      halfLives: s.half_lives,
      onWord: (l) => gt(t, "selected_word", l),
      onUnit: (l) => gt(t, "selected_unit", l),
      onExpand: (l) => {
        i.add(l), c();
      }
    });
    const u = t.get("selected_word");
    r.querySelectorAll("text.word").forEach((l) => l.classList.toggle("picked", l.getAttribute("data-word") === u)), r.addEventListener("click", (l) => {
      const d = l.target, p = d.closest("[data-chip]");
      p && d.closest("rect.chip, text.chip-label, g.chip") ? gt(t, "selected_chip", Number(p.getAttribute("data-chip"))) : d.classList.contains("background") && gt(t, "selected_chip", null);
    }), o();
  };
  return c(), t.on("change:data", c), t.on("change:selected_chip", o), () => {
    t.off("change:data", c), t.off("change:selected_chip", o);
  };
}
function lf(t, e) {
  const n = () => {
    const a = t.get("data");
    e.replaceChildren(xt(`Unit ${a.unit} of layer ${a.layer}, state ${a.state}: its strongest words. Click a word: the widget's selected_word follows.`));
    const i = document.createElement("div");
    i.className = "chart", e.append(i);
    const r = [...a.words.positive, ...[...a.words.negative].reverse()];
    if (rf(i, r, () => "#").addEventListener("click", (c) => {
      const s = c.target.closest("g.box");
      if (!s) return;
      c.preventDefault();
      const f = s.__data__?.word;
      f !== void 0 && gt(t, "selected_word", f);
    }), a.trace) {
      e.append(xt(`Unit ${a.unit}: ${Je(a.trace.half_life, a.trace.depth)}.`, "trace-caption"));
      const c = document.createElement("div");
      c.className = "chart", e.append(c), Ps(c, a.trace);
    }
  };
  return n(), t.on("change:data", n), () => t.off("change:data", n);
}
function df(t, e) {
  const n = () => {
    const a = t.get("data"), i = a.evaluation;
    e.replaceChildren(xt(`${i.tokens.length} words. Click a chip's row or a word: the widget's selected_chip and selected_step follow.`));
    const r = document.createElement("div");
    r.className = "chart", e.append(r), i.glyphs ? Xs(r, i, a.coclustering).addEventListener("click", (c) => {
      const s = c.target, f = s.closest("g.chip-row");
      f && gt(t, "selected_chip", Number(f.getAttribute("data-chip")));
      const u = s.closest("g.glyph");
      u?.parentNode && gt(t, "selected_step", [...u.parentNode.querySelectorAll("g.glyph")].indexOf(u));
    }) : e.append(xt("No glyphs: the text was read without a co-clustering.")), i.decomposition && Vs(r, { ...i, decomposition: i.decomposition });
  };
  return n(), t.on("change:data", n), () => t.off("change:data", n);
}
function hf(t, e) {
  let n = null;
  const a = () => {
    const r = t.get("selected_chip");
    n?.highlight(r ? { t: r[0], chip: r[1] } : null, t.get("selected_word") ?? null);
  }, i = () => {
    const r = t.get("data");
    e.replaceChildren(xt(`Timeline ${r.id}: ${r.checkpoints?.length ?? 0} checkpoints. Click a chip: the widget's selected_chip follows ([checkpoint, chip]).`));
    const o = document.createElement("div");
    o.className = "chart", e.append(o), n = af(r, fi(e), (c) => gt(t, "selected_chip", [c.t, c.chip])), o.append(n.svg), a();
  };
  return i(), t.on("change:data", i), t.on("change:selected_chip", a), t.on("change:selected_word", a), () => {
    t.off("change:data", i), t.off("change:selected_chip", a), t.off("change:selected_word", a);
  };
}
const uf = {
  cocluster: ff,
  unit: lf,
  sentence: df,
  timeline: hf
};
function pf({ model: t, el: e }) {
  const n = sf(e), a = String(t.get("kind")), i = uf[a];
  if (!i)
    return n.append(xt(`This bundle draws no widget of kind "${a}": the Python client and its bundle differ in version.`, "error")), () => {
    };
  try {
    return i(t, n);
  } catch (r) {
    return n.append(xt(`The widget could not be drawn: ${r instanceof Error ? r.message : String(r)}`, "error")), () => {
    };
  }
}
const bf = { render: pf };
export {
  bf as default,
  pf as render
};
