import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useStores } from "../../api/stores";
import { CADENCED_LEVELS, type Store } from "../../api/types";
import { useCan } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";
import { testId } from "../../shared/testId";
import { StoreCalendarDrawer } from "./StoreCalendarDrawer";
import { StoreCreateModal } from "./StoreCreateModal";
import { StoreSettingsDrawer } from "./StoreSettingsDrawer";

/** "C 10/15 · B 5/7 …": the whole cadence of a store readable in one cell. */
function cadenceSummary(store: Store): string {
  return CADENCED_LEVELS.map((l) => {
    const range = store.cadence[l];
    return range ? `${l} ${range.planDays}/${range.maxDays}` : null;
  })
    .filter(Boolean)
    .join(" · ");
}

export default function StoresPage() {
  const { t } = useTranslation();
  const can = useCan();
  const errorText = useErrorText();
  const stores = useStores();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Store>();
  const [calendarOf, setCalendarOf] = useState<Store>();

  return (
    <Card
      title={t("stores.title")}
      extra={
        can("store.create") && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="store-new"
          >
            {t("stores.create")}
          </Button>
        )
      }
    >
      {stores.isError && <Typography.Text type="danger">{errorText(stores.error)}</Typography.Text>}
      <Table<Store>
        rowKey="id"
        size="middle"
        loading={stores.isFetching}
        dataSource={stores.data?.items ?? []}
        pagination={false}
        onRow={(s) => testId(`store-row-${s.id}`)}
        columns={[
          { title: t("stores.name"), dataIndex: "name" },
          { title: t("stores.timeZone"), dataIndex: "timeZone" },
          { title: t("stores.businessDayEnd"), dataIndex: "businessDayEnd" },
          { title: t("stores.cadence"), key: "cadence", render: (_: unknown, s) => cadenceSummary(s) },
          { title: t("stores.escalateAfterDays"), dataIndex: "escalateAfterDays" },
          {
            title: t("common.createdAt"),
            dataIndex: "createdAt",
            className: "nowrap",
            render: (v: string) => formatInstant(v),
          },
          {
            title: "",
            key: "actions",
            render: (_: unknown, s) => (
              <Space>
                {can("store.update") && (
                  <Button size="small" onClick={() => setEditing(s)} data-testid={`store-edit-${s.id}`}>
                    {t("stores.settings")}
                  </Button>
                )}
                {can("store.calendar") && (
                  <Button
                    size="small"
                    onClick={() => setCalendarOf(s)}
                    data-testid={`store-calendar-${s.id}`}
                  >
                    {t("service.workshop.calendar")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <StoreCreateModal open={creating} onClose={() => setCreating(false)} />
      <StoreSettingsDrawer store={editing} onClose={() => setEditing(undefined)} />
      <StoreCalendarDrawer store={calendarOf} onClose={() => setCalendarOf(undefined)} />
    </Card>
  );
}
