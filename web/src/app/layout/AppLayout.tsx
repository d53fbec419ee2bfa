import { LogoutOutlined } from "@ant-design/icons";
import { Button, Flex, Layout, Menu, Space, Spin, Typography, theme } from "antd";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { useLogout } from "../../api/auth";
import { useSession } from "../auth";
import { useLocale } from "../LocaleProvider";
import { MENU_ICONS, MENU_PATHS, menuFor, menuKeyOf } from "./menu";

const { Header, Sider, Content } = Layout;

function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLocale();
  return (
    <Button
      size="small"
      autoInsertSpace={false}
      data-testid="lang-switch"
      onClick={() => setLanguage(language === "zh-CN" ? "en" : "zh-CN")}
    >
      {t("app.switchLanguage")}
    </Button>
  );
}

function HeaderBar() {
  const { t } = useTranslation();
  const me = useSession();
  const logout = useLogout();
  const role = t(`roles.${me.user.role}`);
  return (
    <Flex align="center" justify="space-between" style={{ width: "100%" }}>
      <Typography.Text strong data-testid="header-store">
        {me.store?.name ?? t("app.group")}
      </Typography.Text>
      <Space size="middle">
        <Typography.Text data-testid="header-user">
          {me.user.displayName}
          {/* The group admin's account is named after its role; "集团管理员 · 集团管理员" says nothing twice. */}
          {role !== me.user.displayName && <Typography.Text type="secondary"> · {role}</Typography.Text>}
        </Typography.Text>
        <LanguageSwitch />
        <Button
          size="small"
          icon={<LogoutOutlined />}
          data-testid="logout"
          loading={logout.isPending}
          onClick={() => logout.mutate()}
        >
          {t("app.logout")}
        </Button>
      </Space>
    </Flex>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useSession();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();
  const selected = menuKeyOf(location.pathname);

  const items = menuFor(me.user.role).map((key) => ({
    key,
    icon: MENU_ICONS[key],
    label: (
      <Link to={MENU_PATHS[key]} data-testid={`menu-${key}`}>
        {t(`menu.${key}`)}
      </Link>
    ),
  }));

  return (
    <Layout style={{ minHeight: "100vh" }}>
      {/* Sticky: on long lists the menu stays in reach instead of scrolling away with the page. */}
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={208}
        style={{ position: "sticky", top: 0, height: "100vh", overflow: "auto" }}
      >
        <div
          style={{
            color: "#fff",
            padding: "16px",
            fontWeight: 600,
            whiteSpace: "nowrap",
            overflow: "hidden",
          }}
        >
          {collapsed ? "4S" : t("app.title")}
        </div>
        <Menu theme="dark" mode="inline" items={items} selectedKeys={selected ? [selected] : []} />
      </Sider>
      <Layout>
        <Header style={{ background: token.colorBgContainer, paddingInline: 24 }}>
          <HeaderBar />
        </Header>
        <Content style={{ margin: 24 }}>
          <Suspense fallback={<Spin style={{ display: "block", marginTop: 48 }} />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
