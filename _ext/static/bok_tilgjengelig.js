// Universell utforming: glidebryterne i utforskerne, brede formler, utskrift og søketreff.
// Se _ext/bok_tilgjengelig.py og tests/test_accessibility.py.
"use strict";

// --- Glidebryterne (ipywidgets 8 tegner dem med noUiSlider) ---------------------------------
// noUiSlider gir håndtaket role="slider", men ikke noe navn, og aria-valuetext er
// posisjonen («3») i stedet for verdien («0,1»). Navnet er teksten i etiketten foran
// bryteren, og verdien er avlesningen bak den. Avlesningen kan skrives i (contenteditable),
// men i en utforsker uten Python-kjerne endrer det ikke bildet: den låses, så tallet ved
// bryteren alltid er det bildet viser.
const bokSliders = new WeakSet();

function bokReadoutText(readout) {
  return (readout.textContent || "").trim();
}

function bokFixSlider(row) {
  const handle = row.querySelector('[role="slider"]');
  const readout = row.querySelector(".widget-readout");
  const label = row.querySelector("label.widget-label");
  if (!handle || bokSliders.has(handle)) return;
  bokSliders.add(handle);
  if (label) {
    if (!label.id) label.id = `bok-slider-${Math.random().toString(36).slice(2, 10)}`;
    handle.setAttribute("aria-labelledby", label.id);
    const title = label.getAttribute("title");
    if (!title || title === "null" || title === "undefined") label.removeAttribute("title");
  }
  if (readout) {
    readout.contentEditable = "false";
    readout.removeAttribute("tabindex");
    readout.setAttribute("aria-hidden", "true"); // verdien leses av håndtaket (aria-valuetext)
  }
  const update = () => {
    const text = readout ? bokReadoutText(readout) : "";
    if (text && handle.getAttribute("aria-valuetext") !== text) handle.setAttribute("aria-valuetext", text);
  };
  update();
  const observer = new MutationObserver(update);
  observer.observe(handle, { attributes: true, attributeFilter: ["aria-valuetext", "aria-valuenow"] });
  if (readout) observer.observe(readout, { childList: true, characterData: true, subtree: true });
}

// --- Brede formler --------------------------------------------------------------------------
// MathJax gjør ikke formlene til Tab-stopp (menyen er slått av). En formel som er bredere
// enn spalten, kan rulles, og da må den kunne nås med tastaturet (WCAG 2.1.1).
function bokFixWideMath() {
  for (const math of document.querySelectorAll('.bd-article mjx-container[display="true"]')) {
    const wide = math.scrollWidth > math.clientWidth + 1;
    if (wide && !math.hasAttribute("tabindex")) {
      math.tabIndex = 0;
      math.dataset.bokScroll = "1";
    } else if (!wide && math.dataset.bokScroll) {
      math.removeAttribute("tabindex");
      delete math.dataset.bokScroll;
    }
  }
}

let bokPending = false;
function bokSchedule() {
  if (bokPending) return;
  bokPending = true;
  requestAnimationFrame(() => {
    bokPending = false;
    document.querySelectorAll(".widget-slider").forEach(bokFixSlider);
    bokFixWideMath();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  bokSchedule();
  const main = document.querySelector("main") || document.body;
  new MutationObserver(bokSchedule).observe(main, { childList: true, subtree: true });
  window.addEventListener("resize", bokSchedule);
  window.MathJax?.startup?.promise?.then(bokSchedule);

  // --- Utskrift: tittelen beholder kapittelnummeret («2. Gradientnedstigning») ----------
  const printTitle = document.querySelector("#jb-print-docs-body h1");
  const title = document.querySelector(".bd-article section > h1, .bd-article h1");
  if (printTitle && title) {
    const copy = title.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((e) => e.remove());
    printTitle.textContent = copy.textContent.trim();
  }
});

// --- Søketreff uten rå LaTeX og uten biter fra koden ------------------------------------------
// Sphinx lager utdraget i søkeresultatet fra teksten på siden (Search.htmlToText). Der står
// formlene som LaTeX («\(N\)»), og skjulte celler, utdata og utskriftsinnholdet kom med.
function bokPlainMath(tex) {
  const body = tex.replace(/^\\\(|\\\)$|^\\\[|\\\]$|^\$\$?|\$\$?$/g, "").trim();
  if (/^[\p{L}\p{N}\s,.=+\-−'′()]{1,16}$/u.test(body)) return body;
  if (/^[\p{L}\p{N}]+[_^]\{?[\p{L}\p{N}]+\}?$/u.test(body)) return body.replace(/[{}]/g, "");
  return "…";
}

function bokPatchSearch() {
  if (typeof Search === "undefined" || Search.bokPatched) return;
  const original = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll("#jb-print-docs-body, .cell_input, .cell_output, summary, .mlfw-quiz, .toggle-hidden")
      .forEach((e) => e.remove());
    doc.querySelectorAll(".math").forEach((e) => { e.textContent = bokPlainMath(e.textContent.trim()); });
    return original(doc.documentElement.outerHTML, anchor).replace(/\s+/g, " ");
  };
  Search.bokPatched = true;
}
bokPatchSearch();
document.addEventListener("DOMContentLoaded", bokPatchSearch);
