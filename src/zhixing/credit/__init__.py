"""Credit sanctions: the dishonest-debtor list (失信被执行人名单) and consumption restrictions (限制消费令)."""
