// The sign-in page of every web face.
"use strict";
if (window.XinbaoFace) {
  document.title = window.XinbaoFace.title + " · 登录";
  document.getElementById("face-title").textContent = window.XinbaoFace.title;
  document.getElementById("face-hint").textContent = window.XinbaoFace.hint;
}
document.getElementById("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const problem = document.getElementById("problem");
  problem.textContent = "";
  const button = event.target.querySelector("button");
  button.disabled = true;
  try {
    await Xinbao.api("POST", "/api/session", {
      name: document.getElementById("name").value.trim(),
      password: document.getElementById("password").value,
    });
    location.href = "/";
  } catch (e) {
    problem.textContent = e.message;
  } finally {
    button.disabled = false;
  }
});
