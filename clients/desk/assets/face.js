// Which web face this is, for the shared pages (login.html).
"use strict";
window.XinbaoFace = { title: "信报 · 报送台", hint: "请用本单位信息员的登录名和口令登录" };
