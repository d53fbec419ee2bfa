// The browser's own list keeps names exactly as the server validates them (IANA); the fallback covers old engines.
export function timeZoneOptions(): { value: string; label: string }[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Urumqi", "UTC"];
  }
  if (!zones.includes("Asia/Shanghai")) zones = ["Asia/Shanghai", ...zones];
  return zones.map((z) => ({ value: z, label: z }));
}
