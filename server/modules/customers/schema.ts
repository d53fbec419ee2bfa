/** Customers (persons and companies), their vehicles and their marketing consents (DOMAIN §2). */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { id, instant } from "../../db/columns.ts";
import { stores } from "../identity/schema.ts";

export const customers = pgTable(
  "customers",
  {
    storeId: id("store_id")
      .notNull()
      .references(() => stores.id),
    id: id().generatedByDefaultAsIdentity(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /** normalised 11-digit mainland mobile: the natural key inside a store */
    phone: text("phone"),
    gender: text("gender"),
    birthday: date("birthday"),
    idNumber: text("id_number"),
    address: text("address"),
    wechatId: text("wechat_id"),
    creditCode: text("credit_code"),
    contactPerson: text("contact_person"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    uniqueIndex("customers_store_phone").on(t.storeId, t.phone).where(sql`${t.phone} is not null`),
    index("customers_id").on(t.id),
    index("customers_store_name").on(t.storeId, t.name.op("text_pattern_ops")),
    index("customers_store_phone_prefix").on(t.storeId, t.phone.op("text_pattern_ops")),
    index("customers_store_phone_tail").on(t.storeId, sql`right(phone, 4)`),
    check("customers_kind", sql`${t.kind} in ('person','company')`),
    check("customers_gender", sql`${t.gender} is null or ${t.gender} in ('male','female')`),
  ],
);

export const customerConsents = pgTable(
  "customer_consents",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    customerId: id("customer_id").notNull(),
    channel: text("channel").notNull(),
    granted: boolean("granted").notNull(),
    source: text("source").notNull(),
    at: instant("at").notNull(),
    actorId: id("actor_id"),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    index("customer_consents_customer").on(t.storeId, t.customerId, t.channel, t.at),
    check("customer_consents_channel", sql`${t.channel} in ('sms','phone','wechat')`),
  ],
);

export const vehicles = pgTable(
  "vehicles",
  {
    storeId: id("store_id").notNull(),
    id: id().generatedByDefaultAsIdentity(),
    customerId: id("customer_id").notNull(),
    vin: text("vin").notNull(),
    /** true when the VIN failed its check digit and the store accepts that (imported cars) */
    vinCheckWarning: boolean("vin_check_warning").notNull().default(false),
    plate: text("plate"),
    brand: text("brand"),
    model: text("model").notNull(),
    trim: text("trim"),
    colour: text("colour"),
    purchaseDate: date("purchase_date"),
    mileageKm: integer("mileage_km"),
    soldByStore: boolean("sold_by_store").notNull().default(false),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    foreignKey({ columns: [t.storeId, t.customerId], foreignColumns: [customers.storeId, customers.id] }),
    uniqueIndex("vehicles_store_vin").on(t.storeId, t.vin),
    index("vehicles_customer").on(t.storeId, t.customerId),
    // the customer-vehicle search (vehicle-search.ts): plate prefix with or without the province character,
    // and the VIN's last digits as staff read them off the windscreen or the registration card
    index("vehicles_store_plate").on(t.storeId, t.plate.op("text_pattern_ops")),
    index("vehicles_store_plate_tail").on(t.storeId, sql`substr(plate, 2) text_pattern_ops`),
    index("vehicles_store_vin_tail").on(t.storeId, sql`right(vin, 6)`),
    check("vehicles_mileage", sql`${t.mileageKm} is null or ${t.mileageKm} >= 0`),
  ],
);
