// 全选本页 on a review list: a box with data-select-all="<form id>" ticks every checkbox that
// belongs to that form by its form= attribute (records, correction requests, nominations).
// A file, not inline, so the site's Content-Security-Policy allows it.
document.querySelectorAll("[data-select-all]").forEach(function (box) {
  box.addEventListener("change", function () {
    document.querySelectorAll('input[type="checkbox"][form="' + box.dataset.selectAll + '"]').forEach(function (item) { item.checked = box.checked; });
  });
});
