-- fail: syntax error, label defined twice in the same block
::a::
::a::
