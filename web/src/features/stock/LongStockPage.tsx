import { Card, Empty, Flex, Select, Statistic, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type StockVehicle, useLongStock } from "../../api/stock";
import { useStores } from "../../api/stores";
import type { Id } from "../../api/types";
import { useSession } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useMoney } from "../../shared/money";
import { testId } from "../../shared/testId";
import { EditVehicleModal } from "./EditVehicleModal";
import { useStockColumns } from "./useStockColumns";

/** 长库存: the daily board of cars older than the store's threshold, oldest first, with their incentives. */
export default function LongStockPage() {
  const { t } = useTranslation();
  const me = useSession();
  const acrossStores = me.user.storeId === null;
  const stores = useStores(acrossStores);
  const [pickedStore, setPickedStore] = useState<Id | undefined>();
  // the board is one store's: the group admin chooses which
  const storeId = me.user.storeId ?? pickedStore;
  const board = useLongStock(acrossStores ? pickedStore : undefined, storeId !== undefined);
  const [editing, setEditing] = useState<StockVehicle | null>(null);
  const columns = useStockColumns(setEditing, "long");
  const money = useMoney();
  const data = board.data;

  return (
    <Card
      title={t("stock.longTitle")}
      extra={
        acrossStores && (
          <Select
            placeholder={t("stock.field.store")}
            style={{ width: 180 }}
            value={pickedStore}
            options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={setPickedStore}
            data-testid="long-stock-store"
          />
        )
      }
    >
      <Flex vertical gap={16}>
        {board.isError && <ErrorAlert error={board.error} />}
        {data && (
          <Flex gap={12} wrap>
            <Card size="small" style={{ minWidth: 170 }}>
              <Statistic
                title={t("stock.long.threshold")}
                value={t("stock.long.thresholdValue", { count: data.thresholdDays })}
                data-testid="long-stock-threshold"
              />
            </Card>
            <Card size="small" style={{ minWidth: 150 }}>
              <Statistic
                title={t("stock.long.count")}
                value={data.items.length}
                suffix={t("stock.summary.units")}
                styles={{ content: { color: data.items.length ? "#cf1322" : undefined } }}
                data-testid="long-stock-count"
              />
            </Card>
            {data.valueFen !== null && (
              <Card size="small" style={{ minWidth: 200 }}>
                <Statistic
                  title={t("stock.long.value")}
                  value={money(data.valueFen)}
                  data-testid="long-stock-value"
                />
              </Card>
            )}
            <Card size="small" style={{ minWidth: 180 }}>
              <Statistic
                title={t("stock.long.incentive")}
                value={money(data.incentiveFen)}
                data-testid="long-stock-incentive"
              />
            </Card>
          </Flex>
        )}
        {storeId === undefined ? (
          <Empty description={t("stock.actions.pickStore")} />
        ) : (
          <>
            <Typography.Text type="secondary">{t("stock.long.hint")}</Typography.Text>
            <Table<StockVehicle>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={board.isFetching}
              locale={{ emptyText: t("stock.long.empty") }}
              onRow={(car) => testId(`long-stock-row-${car.id}`)}
              pagination={false}
              scroll={{ x: 1100 }}
            />
          </>
        )}
      </Flex>
      <EditVehicleModal car={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
