// Norske tekster i kopier-knappen fra sphinx-copybutton, som bare kjenner noen få språk.
// copybutton.js lastes før denne fila og lager knappene først når siden er lastet,
// så her er det nok å legge til bokmål og velge det. `messages`, `locale`, `iconCopy` og
// `iconCheck` er globale variabler i copybutton.js.
if (typeof messages !== "undefined" && typeof locale !== "undefined") {
  messages["nb-NO"] = {
    copy: "Kopier",
    copy_to_clipboard: "Kopier til utklippstavla",
    copy_success: "Kopiert!",
    copy_failure: "Kunne ikke kopiere",
  };
  const english = messages[locale];
  locale = "nb-NO";
  // Ikonene har allerede fått engelsk <title> (verktøytips) da copybutton.js ble lest.
  iconCopy = iconCopy.replace(english.copy_to_clipboard, messages[locale].copy_to_clipboard);
  iconCheck = iconCheck.replace(english.copy_success, messages[locale].copy_success);
}

// sphinx-togglebutton skriver aria-label="Toggle hidden content" rett i knappen den lager
// når siden er lastet. Denne lytteren er registrert etter togglebutton.js sin, så den
// kjører etterpå. aria-expanded sier om innholdet er vist.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll('.toggle-button[aria-label="Toggle hidden content"]').forEach((button) => {
    button.setAttribute("aria-label", "Vis eller skjul innholdet");
  });
});
