"""`python -m zhixing api-token USERNAME NAME`: issues an API token (the secret is printed once)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zhixing.core.errors import DomainError
from zhixing.core.tokens import api_token_create


class Command(BaseCommand):
    help = "签发接口令牌"

    def add_arguments(self, parser):
        parser.add_argument("username", help="令牌代表的用户（其可见范围即令牌可见范围）")
        parser.add_argument("name", help="用途，如“某银行查控对接”")
        parser.add_argument(
            "--issuer", default=None, help="签发人（超级管理员）登录名；默认取第一个超级管理员"
        )

    def handle(self, *args, **options):
        users = get_user_model().objects
        user = users.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户不存在：{options['username']}")
        issuers = users.filter(is_superuser=True)
        issuer = (
            issuers.filter(username=options["issuer"]).first()
            if options["issuer"]
            else issuers.order_by("id").first()
        )
        if issuer is None:
            raise CommandError("没有可签发令牌的超级管理员")
        staff = getattr(user, "staff", None)
        try:
            _, raw = api_token_create(
                actor=issuer,
                user=user,
                name=options["name"],
                court_id=staff.court_id if staff else None,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(raw)
