// The login form.

export function createLoginForm({ form, error }, { onLogin }) {
  const username = form.elements.username;
  const password = form.elements.password;
  const submit = form.querySelector("[type=submit]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      showError("Enter your username and password.");
      return;
    }
    submit.disabled = true;
    showError("");
    try {
      await onLogin(username.value.trim(), password.value);
      password.value = "";
    } catch (e) {
      showError(e.status === 401 ? "Wrong username or password." : `Could not sign in: ${e.message}`);
    } finally {
      submit.disabled = false;
    }
  });

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
  }

  return {
    show(message = "") {
      showError(message);
      (username.value ? password : username).focus();
    },
  };
}
