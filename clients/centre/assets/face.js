// Which web face this is, for the shared pages (login.html).
"use strict";
window.XinbaoFace = { title: "信报 · 值班台", hint: "中心值班、分析人员请用本人的登录名和口令登录" };
