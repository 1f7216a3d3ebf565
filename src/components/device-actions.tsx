"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { DeviceView } from "@/lib/domain/device";
import { notify } from "@/stores/notice-store";
import { api, ApiCallError } from "./api";
import { ConfirmButton } from "./confirm-button";
import { DeleteWithRemovalDialog } from "./policy/delete-with-removal-dialog";

type CheckReply = { check: { status: string; message?: string }; device: DeviceView };

export function TestConnectionButton({ deviceId }: { deviceId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      const { check } = await api<CheckReply>("POST", `/devices/${deviceId}/test-connection`);
      notify(
        check.status === "reachable" ? "ok" : "error",
        check.status === "reachable" ? "Reachable" : `${check.status.replaceAll("_", " ")}: ${check.message ?? ""}`,
      );
      router.refresh();
    } catch (error) {
      notify("error", error instanceof ApiCallError ? error.failure.message : String(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="btn-primary" onClick={run} disabled={busy}>
      {busy ? "Testing…" : "Test connection"}
    </button>
  );
}

export function AcceptHostKeyButton({ deviceId, fingerprint }: { deviceId: string; fingerprint: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Accept new host key"
      className="btn-danger"
      title="Trust the new host key?"
      confirmLabel="Trust this key"
      run={async () => {
        await api("POST", `/devices/${deviceId}/accept-host-key`, { fingerprint });
        notify("ok", "New host key accepted");
        router.refresh();
      }}
    >
      <p>
        Waymark will connect to a gateway presenting <span className="font-mono break-all">{fingerprint}</span>. Only do this if you know why the gateway&apos;s
        key changed (a reinstall, a new machine); otherwise something may be pretending to be it.
      </p>
    </ConfirmButton>
  );
}

/**
 * Deleting a device only forgets it; while Waymark's objects are on it they keep steering its traffic, so the
 * delete then offers to remove them first.
 */
export function DeleteDeviceButton({ deviceId, name, onDevice }: { deviceId: string; name: string; onDevice: boolean }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);

  async function deleteEntry() {
    try {
      await api("DELETE", `/devices/${deviceId}`);
      notify("ok", "Device removed");
      router.push("/devices");
      router.refresh();
    } catch (error) {
      notify("error", error instanceof ApiCallError ? error.failure.message : String(error));
    }
  }

  if (!onDevice)
    return (
      <ConfirmButton
        label="Delete"
        className="btn-danger"
        title={`Remove ${name} from Waymark?`}
        confirmLabel="Delete the entry"
        run={async () => {
          await api("DELETE", `/devices/${deviceId}`);
          notify("ok", "Device removed");
          router.push("/devices");
          router.refresh();
        }}
      >
        Nothing on the device changes: Waymark forgets it, with its stored credentials and its change history here.
      </ConfirmButton>
    );

  return (
    <>
      <button type="button" className="btn-danger" onClick={() => setAsking(true)}>
        Delete
      </button>
      <DeleteWithRemovalDialog open={asking} onClose={() => setAsking(false)} deviceId={deviceId} name={name} deleteEntry={deleteEntry} />
    </>
  );
}
