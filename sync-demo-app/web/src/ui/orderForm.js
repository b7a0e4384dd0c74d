// The "new order" form: number and customer; the board adds the order once the server stored it.

export function createOrderForm({ form, error }, { onCreate, signal }) {
  const number = form.elements.number;
  const customer = form.elements.customer;
  const submit = form.querySelector("[type=submit]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!number.value.trim() || !customer.value.trim()) {
      showError("Enter an order number and a customer.");
      return;
    }
    submit.disabled = true;
    showError("");
    try {
      await onCreate(number.value.trim(), customer.value.trim());
      number.value = "";
      customer.value = "";
    } catch (e) {
      showError(e.code === "conflict" ? "That order number is taken." : `Could not create the order: ${e.message}`);
    } finally {
      submit.disabled = false;
    }
  }, { signal });

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
  }
}
