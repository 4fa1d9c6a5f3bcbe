// Recherche de la documentation : sans serveur, sur l'index que définit index-recherche.js.
// Les résultats sont construits avec textContent : aucun texte des règles n'est lu comme HTML.
(function () {
  "use strict";

  var entries = window.MOTIF_RECHERCHE || [];
  var MAX = 40;
  var ORDER = { "article": 0, "voie": 1, "condition": 2, "fait": 3, "paramètre": 4 };

  // Minuscules sans accents, apostrophes droites : « Légifrance » se trouve en tapant « legifrance ».
  function fold(text) {
    return String(text)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019]/g, "'")
      .toLowerCase();
  }

  var haystacks = entries.map(function (e) {
    return fold(e.t + " " + e.d + " " + e.k);
  });
  var titles = entries.map(function (e) {
    return fold(e.t);
  });

  // Les entrées dont le texte contient chacun des mots de la recherche ; d'abord celles dont le
  // nom contient la recherche entière, puis par genre (articles, voies, conditions, faits…).
  function search(query) {
    var folded = fold(query).trim();
    var words = folded.split(/\s+/).filter(function (w) { return w.length > 0; });
    if (words.length === 0) {
      return [];
    }
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var all = words.every(function (w) { return haystacks[i].indexOf(w) !== -1; });
      if (all) {
        var inTitle = titles[i].indexOf(folded) !== -1 ? 0 : 1;
        var kind = Object.prototype.hasOwnProperty.call(ORDER, entries[i].g) ? ORDER[entries[i].g] : 9;
        found.push({ entry: entries[i], rank: inTitle, kind: kind, at: i });
      }
    }
    found.sort(function (a, b) {
      return a.rank - b.rank || a.kind - b.kind || a.at - b.at;
    });
    return found.map(function (f) { return f.entry; });
  }

  function show(query, box) {
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }
    if (fold(query).trim() === "") {
      return;
    }
    var found = search(query);
    var count = document.createElement("p");
    count.className = "compte";
    count.textContent = found.length === 0
      ? "Aucun résultat pour « " + query + " »."
      : found.length + " résultat(s) pour « " + query + " »" +
        (found.length > MAX ? " (les " + MAX + " premiers)" : "") + " :";
    box.appendChild(count);
    if (found.length === 0) {
      return;
    }
    var list = document.createElement("ul");
    list.id = "liste-resultats";
    found.slice(0, MAX).forEach(function (entry) {
      var item = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "genre";
      kind.textContent = entry.g;
      var link = document.createElement("a");
      link.setAttribute("href", entry.u);
      link.textContent = entry.t;
      item.appendChild(kind);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(link);
      if (entry.d) {
        var detail = document.createElement("span");
        detail.className = "detail";
        detail.textContent = " — " + entry.d;
        item.appendChild(detail);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  var input = document.getElementById("q");
  var box = document.getElementById("resultats");
  if (!input || !box) {
    return;
  }
  input.addEventListener("input", function () {
    show(input.value, box);
  });
  // `index.html?q=423` : la recherche est faite dès le chargement, sans attendre (elle est
  // ainsi visible dans la page chargée, et une recherche envoyée par le formulaire s'affiche).
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    show(query, box);
  }
})();
