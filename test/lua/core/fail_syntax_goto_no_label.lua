-- fail: syntax error, goto without a visible label
do
  goto nowhere
end
