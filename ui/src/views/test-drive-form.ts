// "New test drive" form: pick a vehicle (search), pick a customer (search) or type name,
// email and phone, and a preferred date. Can be prefilled with a vehicle and/or customer
// (from the vehicle and customer panels). Once a vehicle is chosen, its free and taken
// slots of a day are shown, and a free one fills in the preferred date.

import { field, h } from "../dom";
import { api } from "../backend";
import type { Customer, TestDriveRow } from "../backend";
import { fromDateTimeLocal, label, num, toDateTimeLocal } from "../format";
import { customerName } from "../domain";
import { createSearchPicker } from "../components/search-picker";
import type { PickerItem } from "../components/search-picker";
import { toastError } from "../components/toast";
import { friendlyMessage } from "../backend";
import { currentCapabilities } from "../capabilities";
import { vehicleSlotPicker } from "./vehicle-slots";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface TestDriveForm {
  el: HTMLElement;
  focus(): void;
}

export function testDriveForm(opts: {
  vehicleId?: string | null;
  customerId?: string | null;
  onCreated(row: TestDriveRow): void;
  onCancel(): void;
}): TestDriveForm {
  let vehicle: PickerItem | null = null;
  const caps = currentCapabilities();
  // Without the calendar the cache knows no other drive: every slot would look free.
  const slots = caps === null || caps.testDriveCalendar ? vehicleSlotPicker({ onPick: (start) => (preferred.value = toDateTimeLocal(start)) }) : null;
  const chooseVehicle = (item: PickerItem | null) => {
    vehicle = item;
    slots?.showVehicle(item?.id ?? null);
  };

  const name = h("input", { type: "text", "data-testid": "td-name", required: true, autocomplete: "off", maxlength: 200 });
  const email = h("input", { type: "email", "data-testid": "td-email", required: true, autocomplete: "off", maxlength: 200 });
  const phone = h("input", { type: "tel", "data-testid": "td-phone", autocomplete: "off", maxlength: 50 });
  const preferred = h("input", { type: "datetime-local", "data-testid": "td-preferred-date" });
  preferred.addEventListener("change", () => slots?.showTime(fromDateTimeLocal(preferred.value)));
  const problems = h("p", { class: "form-problems", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "td-submit" }, "Create request");

  const vehiclePicker = createSearchPicker({
    testId: "td-vehicle-search",
    placeholder: "Search by name, brand or model",
    ariaLabel: "Vehicle",
    required: true,
    search: async (q) => {
      const page = await api.listVehicleRows(
        { page: 1, limit: 8, brandId: null, modelId: null, bodyTypeId: null, minYear: null, maxYear: null, minPrice: null, maxPrice: null, listingType: null, sort: null, order: null },
        q,
      );
      return page.items.map((v) => ({ id: v.id, label: v.name, sub: `${v.year} · ${label(v.listingType)} · ${num(v.mileage)}` }));
    },
    onPick: chooseVehicle,
  });

  const fillFromCustomer = (c: Customer) => {
    name.value = customerName(c);
    email.value = c.user.email;
    phone.value = c.user.phone?.mobile ?? c.user.phone?.whatsapp ?? "";
  };
  let customers = new Map<string, Customer>();
  const customerPicker = createSearchPicker({
    testId: "td-customer-search",
    placeholder: "Search existing customers (optional)",
    ariaLabel: "Customer",
    search: async (q) => {
      const page = await api.listCustomers({ page: 1, limit: 8, search: q, segment: null, sortBy: null, sortOrder: null });
      customers = new Map(page.items.map((r) => [r.customer.id, r.customer]));
      return page.items.map((r) => ({ id: r.customer.id, label: customerName(r.customer), sub: r.customer.user.email }));
    },
    onPick: (item) => {
      const c = item ? customers.get(item.id) : undefined;
      if (c) fillFromCustomer(c);
    },
  });

  const form = h(
    "form",
    { class: "td-form", "data-testid": "test-drive-form", novalidate: true, "aria-label": "New test drive" },
    field("Vehicle *", vehiclePicker.el),
    field("Customer", customerPicker.el),
    h("div", { class: "form-grid" }, field("Name *", name), field("Email *", email), field("Phone", phone), field("Preferred date", preferred)),
    slots?.el ?? null,
    problems,
    h("div", { class: "form-actions" }, submit, h("button", { type: "button", class: "btn btn-ghost", onclick: () => opts.onCancel() }, "Cancel")),
  );

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const errs: string[] = [];
    if (!vehicle) errs.push("Pick a vehicle from the search results.");
    if (!name.value.trim()) errs.push("Enter the customer's name.");
    if (!EMAIL.test(email.value.trim())) errs.push("Enter a valid email address.");
    name.setAttribute("aria-invalid", String(!name.value.trim()));
    email.setAttribute("aria-invalid", String(!EMAIL.test(email.value.trim())));
    vehiclePicker.input.setAttribute("aria-invalid", String(!vehicle));
    problems.hidden = errs.length === 0;
    problems.textContent = errs.join(" ");
    if (errs.length > 0 || !vehicle) {
      (vehicle ? (name.value.trim() ? email : name) : vehiclePicker.input).focus();
      return;
    }
    submit.disabled = true;
    try {
      const row = await api.createTestDrive({
        vehicleId: vehicle.id,
        name: name.value.trim(),
        email: email.value.trim(),
        phone: phone.value.trim() || null,
        preferredDate: preferred.value ? fromDateTimeLocal(preferred.value) : null,
      });
      opts.onCreated(row);
    } catch (e) {
      problems.hidden = false;
      problems.textContent = friendlyMessage(e);
    } finally {
      submit.disabled = false;
    }
  });

  // Prefill.
  if (opts.vehicleId) {
    const id = opts.vehicleId;
    vehiclePicker.setValue({ id, label: "Loading…" });
    chooseVehicle({ id, label: id });
    api
      .getVehicle(id)
      .then((v) => {
        vehicle = { id: v.id, label: v.name };
        vehiclePicker.setValue(vehicle);
      })
      .catch((e) => {
        chooseVehicle(null);
        vehiclePicker.setValue(null);
        toastError(e, "Couldn't load that vehicle");
      });
  }
  if (opts.customerId) {
    api
      .getCustomer(opts.customerId)
      .then((r) => {
        customerPicker.setValue({ id: r.customer.id, label: customerName(r.customer) });
        fillFromCustomer(r.customer);
      })
      .catch((e) => toastError(e, "Couldn't load that customer"));
  }

  return {
    el: form,
    focus() {
      (opts.vehicleId ? (opts.customerId ? preferred : customerPicker.input) : vehiclePicker.input).focus();
    },
  };
}
