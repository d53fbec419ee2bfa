import { Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type CustomerVehicle, useVehicleSearch } from "../../api/customers";
import type { Id } from "../../api/types";
import { useDebounced } from "../../shared/useDebounced";

interface Props {
  /** the vehicle id */
  value?: Id;
  /** the picked vehicle comes along, so a form can fill in the customer (`item.customerId`) */
  onChange?: (value: Id | undefined, item: CustomerVehicle | undefined) => void;
  /** only this customer's vehicles; they are listed before anything is typed */
  customerId?: Id;
  placeholder?: string;
  disabled?: boolean;
  "data-testid"?: string;
}

function label(v: CustomerVehicle): string {
  return [v.plate ?? v.vin.slice(-6), v.model, v.customerName, v.phone].filter(Boolean).join(" · ");
}

/**
 * Picks a customer's vehicle by plate, VIN (or its last 6 characters), the customer's phone or name
 * (a Form.Item control; the appointment and repair-order screens use it).
 */
export function VehiclePicker({
  value,
  onChange,
  customerId,
  placeholder,
  disabled,
  "data-testid": testId = "vehicle-picker",
}: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  // The picked vehicle is kept so that its label stays when the search moves on to other results.
  const [picked, setPicked] = useState<CustomerVehicle | undefined>();
  const term = useDebounced(typed);
  const search = useVehicleSearch(term, customerId);
  const items = search.data?.items ?? [];
  const shown =
    picked && picked.id === value && !items.some((v) => v.id === picked.id) ? [picked, ...items] : items;

  return (
    <Select<Id>
      allowClear
      value={value}
      disabled={disabled}
      onChange={(id) => {
        const item = shown.find((v) => v.id === id);
        setPicked(item);
        onChange?.(id, item);
      }}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder={placeholder ?? t("customers.picker.placeholder")}
      loading={search.isFetching}
      notFoundContent={
        customerId === undefined && term.trim().length < 2 ? (
          <Typography.Text type="secondary">{t("customers.picker.typeMore")}</Typography.Text>
        ) : undefined
      }
      options={shown.map((v) => ({ value: v.id, label: label(v) }))}
      popupMatchSelectWidth={false}
      style={{ minWidth: 280 }}
      data-testid={testId}
    />
  );
}
