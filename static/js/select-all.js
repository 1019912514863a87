// 全选本页 on the review queue: a box with data-select-all="<form id>" ticks every record
// of that form. A file, not inline, so the site's Content-Security-Policy allows it.
document.querySelectorAll("[data-select-all]").forEach(function (box) {
  box.addEventListener("change", function () {
    document.querySelectorAll('input[name="records"][form="' + box.dataset.selectAll + '"]').forEach(function (item) { item.checked = box.checked; });
  });
});
