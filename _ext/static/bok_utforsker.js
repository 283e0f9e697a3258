// Utforskerne på nettstedet (se _ext/bok_utforsker.py): glidebryterne velger bildet.
// Bare bildet som vises, er hentet når siden åpnes. Når leseren tar i en utforsker
// (peker, berøring eller tastatur), hentes resten av bildene i den, så byttet er øyeblikkelig.
"use strict";

function bokUtforsker(root) {
  const sliders = [...root.querySelectorAll('input[type="range"]')];
  const values = sliders.map((slider) => JSON.parse(slider.dataset.verdier));
  const images = [...root.querySelectorAll("img[data-indeks]")];

  const show = () => {
    sliders.forEach((slider, k) => {
      const text = values[k][Number(slider.value)];
      slider.setAttribute("aria-valuetext", text);
      const readout = root.querySelector(`output[for="${slider.id}"]`);
      if (readout) readout.textContent = text;
    });
    const key = sliders.map((slider) => slider.value).join(",");
    for (const image of images) image.hidden = image.dataset.indeks !== key;
  };

  const fetchAll = () => {
    for (const image of images) image.loading = "eager";
  };

  root.addEventListener("input", show);
  for (const event of ["pointerdown", "touchstart", "focusin", "pointerenter"]) {
    root.addEventListener(event, fetchAll, { once: true, passive: true });
  }
  show(); // nettleseren kan ha husket en annen posisjon fra forrige besøk
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".bok-utforsker").forEach(bokUtforsker);
});
