-- lexical: empty statements, semicolons, unusual whitespace and line breaks
;;; local a = 1; local b = 2;
print(a
,
b)
local c =
  3
  +
  4
print(c);
do ; end
print(	"tabs"	,	"here"	)
local t = {1;2,3;}
print(#t, t[1], t[2], t[3])
