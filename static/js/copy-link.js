// The pack page's "Copy link" button: shown only where the browser can copy to the clipboard.
document.querySelectorAll(".app-copy-button").forEach(function (button) {
  if (!navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.querySelector(".app-copy-status");
    navigator.clipboard.writeText(input.value).then(function () {
      status.textContent = "Link copied.";
    }, function () {
      input.select();
      status.textContent = "Select the link and copy it.";
    });
  });
});
