/* Check-in door helpers: the camera, and the live counts (the door's only script).
 *
 * Typing the code always works. Where the browser offers BarcodeDetector and a camera, a
 * "Scan a QR code" button appears; a recognised code is put in the field and the form sent.
 */
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("checkin-form");
    var button = document.getElementById("checkin-scan");
    var panel = document.getElementById("checkin-camera");
    var video = document.getElementById("checkin-video");
    var status = document.getElementById("checkin-camera-status");
    if (!form || !button || !panel || !video) return;
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

    var input = form.querySelector("input[name=code]");
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (error) {
      return;
    }
    var stream = null;
    var timer = null;

    function stop() {
      if (timer) window.clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      panel.hidden = true;
    }

    function scan() {
      if (!stream) return;
      detector.detect(video).then(function (codes) {
        if (codes.length && codes[0].rawValue) {
          input.value = codes[0].rawValue.trim();
          stop();
          form.submit();
          return;
        }
        timer = window.setTimeout(scan, 250);
      }).catch(function () {
        timer = window.setTimeout(scan, 500);
      });
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (stream) { stop(); input.focus(); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          panel.hidden = false;
          return video.play();
        })
        .then(scan)
        .catch(function () {
          stop();
          if (status) status.textContent = button.getAttribute("data-error") || "";
          input.focus();
        });
    });
    window.addEventListener("pagehide", stop);
  }

  /* The live counts: the box's fragment fetched again every data-refresh-seconds (the page
   * works without it: the counts are right when the page is drawn and after each check-in). */
  function refreshCounts() {
    var box = document.getElementById("checkin-counts");
    if (!box || !window.fetch) return;
    var every = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 15;
    window.setInterval(function () {
      if (document.hidden) return;
      window.fetch(box.getAttribute("data-refresh"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null) box.innerHTML = html; })
        .catch(function () {});
    }, every * 1000);
  }

  function ready() {
    start();
    refreshCounts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
