import { AuditOutlined, PlusOutlined, SettingOutlined, UploadOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Space, Table, Tooltip } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { type StockVehicle, useVehicles } from "../../api/stock";
import { useCan, useSession } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { testId } from "../../shared/testId";
import { EditVehicleModal } from "./EditVehicleModal";
import { ImportVehiclesModal } from "./ImportVehiclesModal";
import { ModelRulesModal } from "./ModelRulesModal";
import { NewVehicleDrawer } from "./NewVehicleDrawer";
import { PurchaseCheckModal } from "./PurchaseCheckModal";
import { StockFilterBar } from "./StockFilterBar";
import { StockSummaryCards } from "./StockSummaryCards";
import { useStockColumns } from "./useStockColumns";
import { PAGE_SIZES, useStockFilters } from "./useStockFilters";

type Dialog = "new" | "import" | "check" | "rules" | null;

/** 整车库存: the store's cars with their aging, filters, summary, and the manager's stock work. */
export default function StockListPage() {
  const { t } = useTranslation();
  const me = useSession();
  const can = useCan();
  const { filters, page, pageSize, setFilters, setPage } = useStockFilters();
  const vehicles = useVehicles(filters, page, pageSize);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editing, setEditing] = useState<StockVehicle | null>(null);
  const columns = useStockColumns(setEditing);
  const writer = can("stock.write");
  // Model rules, the plan check and the import are one store's; the group admin picks it in the filters.
  const storeId = me.user.storeId ?? filters.storeId;
  const needStore = storeId === undefined;
  const storeButton = (dialogName: Dialog, icon: ReactNode, label: string, id: string) => (
    <Tooltip title={needStore ? t("stock.actions.pickStore") : undefined}>
      <Button icon={icon} disabled={needStore} onClick={() => setDialog(dialogName)} data-testid={id}>
        {label}
      </Button>
    </Tooltip>
  );

  return (
    <Card
      title={t("stock.title")}
      extra={
        <Space wrap>
          {storeButton("rules", <SettingOutlined />, t("stock.actions.rules"), "stock-rules")}
          {writer && storeButton("check", <AuditOutlined />, t("stock.actions.check"), "stock-check")}
          {writer && storeButton("import", <UploadOutlined />, t("stock.actions.import"), "stock-import")}
          {writer && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog("new")}
              data-testid="stock-new"
            >
              {t("stock.actions.new")}
            </Button>
          )}
        </Space>
      }
    >
      <Flex vertical gap={12}>
        <StockSummaryCards
          summary={vehicles.data?.summary}
          activeBucket={filters.ageBucket}
          onBucket={(ageBucket) => setFilters({ ...filters, ageBucket })}
        />
        <StockFilterBar filters={filters} onChange={setFilters} />
        {vehicles.isError && <ErrorAlert error={vehicles.error} />}
        <Table<StockVehicle>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={vehicles.data?.items ?? []}
          loading={vehicles.isFetching}
          locale={{ emptyText: t("stock.empty") }}
          onRow={(car) => testId(`stock-row-${car.id}`)}
          pagination={{
            current: page,
            pageSize,
            total: vehicles.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES,
            showSizeChanger: true,
            showTotal: (total) => t("common.total", { count: total }),
            onChange: setPage,
          }}
          scroll={{ x: 1350 }}
        />
      </Flex>
      <NewVehicleDrawer open={dialog === "new"} onClose={() => setDialog(null)} storeId={filters.storeId} />
      <ImportVehiclesModal
        open={dialog === "import"}
        onClose={() => setDialog(null)}
        storeId={filters.storeId}
      />
      <PurchaseCheckModal
        open={dialog === "check"}
        onClose={() => setDialog(null)}
        storeId={filters.storeId}
      />
      <ModelRulesModal open={dialog === "rules"} onClose={() => setDialog(null)} storeId={filters.storeId} />
      <EditVehicleModal car={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
