// The sign-in page of every web face.
"use strict";
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
