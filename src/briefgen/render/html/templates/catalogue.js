// The catalogue's search: Pagefind's index (pagefind/, beside this page) holds one record per
// numbered paragraph of every HTML edition, its URL the paragraph's pinpoint link. Each result
// is a link to it, named by the record's title, with Pagefind's excerpt. The words shown are
// the page's own (data-* of #search-status), in the catalogue's language.
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
let pagefind = null;
let asked = 0;

async function engine() {
  if (pagefind === null) {
    pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
    await pagefind.options({ baseUrl: new URL(".", document.baseURI).pathname, excerptLength: 40 });
  }
  return pagefind;
}

function say(template, n) {
  return template.replace("{n}", String(n));
}

async function run(query) {
  const mine = ++asked;
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  let found;
  try {
    found = await (await engine()).search(query);
  } catch (err) {
    status.textContent = status.dataset.unavailable;
    return;
  }
  const results = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
  if (mine !== asked) return; // a later query is on its way
  list.replaceChildren(
    ...results.map((r) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.meta.title;
      const excerpt = document.createElement("span");
      excerpt.className = "excerpt";
      excerpt.innerHTML = r.excerpt; // Pagefind's excerpt: the paragraph's words, <mark>ed
      li.append(a, excerpt);
      return li;
    }),
  );
  const n = results.length;
  status.textContent = n === 0 ? status.dataset.none : say(status.dataset.count, n);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(input.value);
});
input.addEventListener("input", () => run(input.value));
