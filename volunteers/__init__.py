"""党员志愿服务: teams, activities, sign-up and check-in, service records, ledgers, stars."""
