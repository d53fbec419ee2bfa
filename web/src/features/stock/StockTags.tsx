import { WarningOutlined } from "@ant-design/icons";
import { Space, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { AgeBucket, StockVehicle } from "../../api/stock";

/** Aging colours of the stock list: green while fresh, then blue, orange, red (DOMAIN §5 buckets). */
export const BUCKET_COLOURS: Record<AgeBucket, string> = {
  "0-30": "green",
  "31-60": "blue",
  "61-90": "orange",
  "90+": "red",
};

export function AgeTag({ car }: { car: Pick<StockVehicle, "ageDays" | "ageBucket"> }) {
  const { t } = useTranslation();
  // not arrived yet: the status says so already
  if (car.ageDays === null || car.ageBucket === null)
    return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tag color={BUCKET_COLOURS[car.ageBucket]} data-testid="stock-age">
      {t("stock.ageDays", { count: car.ageDays })}
    </Tag>
  );
}

const STATUS_COLOURS: Record<StockVehicle["status"], string> = {
  in_transit: "default",
  in_stock: "success",
  reserved: "processing",
  sold: "default",
  demo: "purple",
};

export function StatusTag({ car }: { car: Pick<StockVehicle, "status" | "orderNo" | "arrivedAt"> }) {
  const { t } = useTranslation();
  return (
    <Space size={2} orientation="vertical">
      <Tag color={STATUS_COLOURS[car.status]}>
        {t(`stock.status.${car.status}`)}
        {car.status === "reserved" && car.arrivedAt === null ? ` · ${t("stock.inTransit")}` : ""}
      </Tag>
      {car.orderNo && (
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
          {t("stock.reservedBy", { orderNo: car.orderNo })}
        </Typography.Text>
      )}
    </Space>
  );
}

export function VinText({ car }: { car: Pick<StockVehicle, "vin" | "vinCheckWarning"> }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Typography.Text code copyable={{ text: car.vin }} style={{ whiteSpace: "nowrap" }}>
        {car.vin}
      </Typography.Text>
      {car.vinCheckWarning && (
        <Tooltip title={t("stock.vinWarning")}>
          <WarningOutlined style={{ color: "#d48806" }} />
        </Tooltip>
      )}
    </Space>
  );
}
