// risk-advisor's page works without this file. With it, answering a question or saving the
// form updates the page in place instead of reloading it: the same POST, the same server-made
// HTML, whose <main> replaces the current one. Nothing is loaded from elsewhere.
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("live") || !window.fetch) {
    return;
  }
  event.preventDefault();
  var submitter = event.submitter || null;
  var data = new FormData(form, submitter || undefined);
  fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" })
    .then(function (response) {
      if (!(response.headers.get("content-type") || "").startsWith("text/html")) {
        throw new Error("not a page");
      }
      return response.text();
    })
    .then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.querySelector("main");
      var main = document.querySelector("main");
      if (!fresh || !main) {
        throw new Error("no main");
      }
      main.replaceWith(document.adoptNode(fresh));
      document.title = page.title;
      var next = document.querySelector("#problems, #questions legend, #questions label");
      var target = next ? next.closest("section") : document.querySelector("main");
      if (target) {
        if (!target.hasAttribute("tabindex")) {
          target.setAttribute("tabindex", "-1");
        }
        target.focus();
      }
    })
    .catch(function () {
      form.classList.remove("live"); // fall back to the ordinary post, same button
      form.requestSubmit(submitter);
    });
});
