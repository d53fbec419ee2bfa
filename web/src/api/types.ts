// Objects of docs/API.md, field for field. Money is integer fen, instants are ISO strings, calendar dates
// are `YYYY-MM-DD`.

export const ROLES = [
  "admin",
  "gm",
  "sales_manager",
  "consultant",
  "reception",
  "customer_service",
  "service_advisor",
  "parts_clerk",
  "marketing",
] as const;
export type Role = (typeof ROLES)[number];

export const LEAD_SOURCES = ["walk_in", "phone", "online", "referral", "event", "key_account"] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const CHANNELS = ["phone", "visit", "wechat", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

export const LEVELS = ["N", "C", "B", "A", "H", "O", "D", "T"] as const;
export type Level = (typeof LEVELS)[number];
/** Levels the lead API accepts on create; O, D and T come from orders, deliveries and cancellations. */
export const CREATABLE_LEVELS = ["N", "C", "B", "A", "H"] as const;
/** Levels a follow-up may grade to: N exists only until the first real contact. */
export const GRADABLE_LEVELS = ["C", "B", "A", "H"] as const;
export type GradableLevel = (typeof GRADABLE_LEVELS)[number];

export const LEAD_STATES = ["active", "defeat_requested", "defeated", "won"] as const;
export type LeadState = (typeof LEAD_STATES)[number];

export const PAYMENT_METHODS = ["cash", "loan", "lease"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const DEFEAT_REASONS = ["competitor", "price", "budget", "postponed", "unreachable", "other"] as const;
export type DefeatReason = (typeof DEFEAT_REASONS)[number];

export const APPOINTMENT_KINDS = ["visit", "test_drive"] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

/** Database ids are integers on the wire. */
export type Id = number;

export interface User {
  id: Id;
  username: string;
  displayName: string;
  role: Role;
  storeId: Id | null;
  disabled: boolean;
  paused: boolean;
  createdAt: string;
}

export interface CadenceRange {
  planDays: number;
  maxDays: number;
}
export const CADENCED_LEVELS = ["C", "B", "A", "H", "O"] as const;
export type CadencedLevel = (typeof CADENCED_LEVELS)[number];
export const VALIDITY_LEVELS = ["C", "B", "A", "H"] as const;
export type ValidityLevel = (typeof VALIDITY_LEVELS)[number];

export interface Store {
  id: Id;
  name: string;
  timeZone: string;
  businessDayEnd: string;
  cadence: Record<CadencedLevel, CadenceRange>;
  validityDays: Record<ValidityLevel, number>;
  escalateAfterDays: number;
  vinCheckDigitWarnOnly: boolean;
  /** after-sales settings: workshop slots, maintenance reminders, complaint deadlines */
  workshopCapacityPerHour: number;
  workshopOpens: string;
  workshopCloses: string;
  reminderFirstDays: number;
  reminderSecondDays: number;
  complaintDeadlineHours: Record<"low" | "medium" | "high", number>;
  createdAt: string;
}

export interface Me {
  /** /auth/me leaves out the account flags that only administrators need. */
  user: Omit<User, "createdAt" | "disabled" | "paused">;
  store: Store | null;
  permissions: string[];
}

export interface Lead {
  id: Id;
  storeId: Id;
  customerId: Id;
  name: string;
  phone: string;
  /** true when `phone` is masked for this user (DOMAIN §10) */
  phoneMasked: boolean;
  level: Level;
  levelSince: string;
  state: LeadState;
  ownerId: Id | null;
  ownerName: string | null;
  inPool: boolean;
  source: LeadSource;
  referrerCustomerId: Id | null;
  intendedModel: string | null;
  budgetFen: number | null;
  paymentMethod: PaymentMethod | null;
  colour: string | null;
  expectedPurchaseDate: string | null;
  focusPoints: string | null;
  competitorModels: string | null;
  dueAt: string | null;
  overdue: boolean;
  stale: boolean;
  escalated: boolean;
  nextContactAt: string | null;
  createdAt: string;
  lastReachedAt: string | null;
}

export interface Appointment {
  kind: AppointmentKind;
  at: string;
}

export interface FollowUp {
  id: Id;
  leadId: Id;
  occurredAt: string;
  channel: Channel;
  reached: boolean;
  content: string;
  levelBefore: Level;
  levelAfter: Level;
  nextContactAt: string | null;
  appointment: Appointment | null;
  actorId: Id;
  actorName: string | null;
  createdAt: string;
}

export const LEAD_EVENT_KINDS = [
  "created",
  "merged",
  "follow_up",
  "level_changed",
  "assigned",
  "released",
  "claimed",
  "defeat_requested",
  "defeat_approved",
  "defeat_returned",
  // the sales process
  "visited",
  "called",
  "test_drive_booked",
  "test_drive_done",
  "test_drive_cancelled",
  "quoted",
  "ordered",
  "order_cancelled",
  "delivered",
  "cancel_regraded",
  "cancel_closed",
] as const;
export type LeadEventKind = (typeof LEAD_EVENT_KINDS)[number];

export interface LeadEvent {
  id: Id;
  kind: LeadEventKind;
  at: string;
  actorId: Id | null;
  actorName: string | null;
  /** Shape depends on the kind and is not fixed by the contract; read it defensively. */
  data: Record<string, unknown> | null;
}

export interface OwnerPeriod {
  /** null while the lead sits in the store pool */
  ownerId: Id | null;
  ownerName: string | null;
  fromAt: string;
  toAt: string | null;
  reason: string;
}

export interface LeadAppointment {
  id: Id;
  kind: AppointmentKind;
  at: string;
  remindAt: string;
  followUpId: Id | null;
}

export type DefeatStatus = "requested" | "approved" | "returned";

export interface Defeat {
  id: Id;
  leadId: Id;
  leadName: string;
  ownerId: Id | null;
  ownerName: string | null;
  reason: DefeatReason;
  competitor: string | null;
  note: string | null;
  status: DefeatStatus;
  requestedAt: string;
  requestedBy: Id;
  requestedByName: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
}

export type LeadDefeat = Omit<
  Defeat,
  "leadName" | "ownerId" | "ownerName" | "requestedByName" | "decidedByName"
>;

export interface LeadDetail {
  lead: Lead;
  followUps: FollowUp[];
  owners: OwnerPeriod[];
  events: LeadEvent[];
  appointments: LeadAppointment[];
  /** The lead's latest defeat request; names are left out here, the ids resolve through the lead's history. */
  defeat: LeadDefeat | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Plan {
  level: Level;
  proposedAt: string;
  latestAt: string;
}

export interface MyDay {
  dueToday: Lead[];
  overdue: Lead[];
  stale: Lead[];
  /** how many there are in all; each list holds the most urgent ones */
  totals: { dueToday: number; overdue: number; stale: number };
  appointments: { id: Id; leadId: Id; leadName: string; kind: AppointmentKind; at: string }[];
  /** today's booked test drives of the consultant's leads; the reminder is due at `remindAt` */
  testDrives: {
    id: Id;
    leadId: Id;
    leadName: string;
    startAt: string;
    endAt: string;
    model: string;
    remindAt: string;
  }[];
}

export interface BoardConsultant {
  userId: Id;
  displayName: string;
  paused: boolean;
  open: number;
  dueToday: number;
  overdue: number;
  stale: number;
  escalated: number;
}

export interface Board {
  consultants: BoardConsultant[];
  escalations: Lead[];
  pendingDefeats: Defeat[];
  poolCount: number;
}

export type ImportStatus = "queued" | "running" | "done" | "failed";

export interface ImportJob {
  id: Id | string;
  status: ImportStatus;
  fileName: string;
  duplicateOf: Id | string | null;
  total: number;
  processed: number;
  created: number;
  merged: number;
  failed: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportPreview {
  headers: string[];
  sampleRows: string[][];
  suggestedMapping: Record<string, string>;
}

export interface AuditEntry {
  id: Id;
  at: string;
  storeId: Id | null;
  actorId: Id | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}
