// Bro mellom ipywidgets sin HTML-manager og MathJax 3.
// Innbyggeren ber MathJax skrive matematikk i widget-tekster med MathJax 2-grensesnittet,
// MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]). MathJax 3 har ikke MathJax.Hub,
// så uten denne broen stopper widgetene med «Cannot read properties of undefined
// (reading 'Queue')». MathJax (defer) er lest når DOMContentLoaded kommer, og widgetene
// tegnes etterpå.
document.addEventListener("DOMContentLoaded", () => {
  const mathjax = window.MathJax;
  if (!mathjax || mathjax.Hub || !mathjax.startup) return;
  mathjax.Hub = {
    Queue(command) {
      const element = Array.isArray(command) ? command[2] : undefined;
      if (!element) return;
      mathjax.startup.promise = mathjax.startup.promise
        .then(() => mathjax.typesetPromise([element]))
        .catch((error) => console.warn("MathJax:", error));
    },
  };
});
