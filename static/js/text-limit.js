// A live count under each limited text field: "1 234 of 5 000 characters".
// Loaded as a file (the Content Security Policy allows no inline script).
// The limit itself is checked by the server, which refuses a longer text
// with a message; nothing is ever cut here.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "nn";
  var words = {
    nn: { of: "av", chars: "teikn", over: "for mykje: korte ned med" },
    nb: { of: "av", chars: "tegn", over: "for mye: kort ned med" },
    en: { of: "of", chars: "characters", over: "too long: shorten by" }
  }[lang] || { of: "av", chars: "teikn", over: "for mykje: korte ned med" };
  var number = new Intl.NumberFormat(lang === "en" ? "en-GB" : "nb-NO");

  function update(field, counter) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var used = field.value.length;
    var text = number.format(used) + " " + words.of + " " + number.format(limit) + " " + words.chars;
    if (used > limit) {
      text += " – " + words.over + " " + number.format(used - limit);
      counter.classList.add("field__counter--over");
      field.setAttribute("aria-invalid", "true");
    } else {
      counter.classList.remove("field__counter--over");
    }
    counter.textContent = text;
  }

  document.querySelectorAll("textarea[data-maxlength]").forEach(function (field) {
    var counter = document.getElementById(field.id + "_counter");
    if (!counter) return;
    counter.setAttribute("aria-live", "polite");
    update(field, counter);
    field.addEventListener("input", function () { update(field, counter); });
  });
})();
