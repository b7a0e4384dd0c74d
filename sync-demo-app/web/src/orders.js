// Entry point of the orders board: the same login and session as the chat page, then the board.
import { startOrdersBoard } from "./ordersBoard.js";
import { startSessionPage } from "./sessionPage.js";

const byId = (id) => document.getElementById(id);

const el = {
  connectionStatus: byId("connection-status"),
  reconnectButton: byId("reconnect-button"),
  tableBody: byId("orders-body"),
  notice: byId("orders-notice"),
  createForm: byId("order-form"),
  createError: byId("order-form-error"),
};

startSessionPage(byId("orders-view"), ({ api, token, url, onSessionEnded }) =>
  startOrdersBoard({ api, token, url, el, onSessionEnded }));
