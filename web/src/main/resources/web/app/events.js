// The live event stream (/ws/events) as one shared EventTarget: 'event' carries each parsed
// message, 'status' whether the socket is open. Reconnects with a growing delay.

class EventStream extends EventTarget {
  constructor() {
    super();
    this.socket = null;
    this.wanted = false;
    this.delay = 1000;
    this.timer = null;
  }

  start() {
    this.wanted = true;
    if (!this.socket) {
      this.open();
    }
  }

  stop() {
    this.wanted = false;
    clearTimeout(this.timer);
    if (this.socket) {
      this.socket.close();
      this.socket = null;
    }
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${location.host}/ws/events`);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.delay = 1000;
      this.dispatchEvent(new CustomEvent('status', { detail: true }));
    });
    socket.addEventListener('message', (m) => {
      let data;
      try {
        data = JSON.parse(m.data);
      } catch {
        return;
      }
      this.dispatchEvent(new CustomEvent('event', { detail: data }));
    });
    socket.addEventListener('close', () => {
      this.socket = null;
      this.dispatchEvent(new CustomEvent('status', { detail: false }));
      this.retry();
    });
  }

  retry() {
    if (!this.wanted) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), this.delay);
    this.delay = Math.min(this.delay * 2, 30000);
  }
}

export const events = new EventStream();

/** The edit an event is about, whatever the server names the fields. */
export function eventEdit(ev) {
  return ev.edit ?? ev.payload ?? ev.data ?? ev;
}

export function eventType(ev) {
  return String(ev.type ?? ev.kind ?? ev.event ?? 'EDIT');
}

export function eventActor(ev) {
  const edit = eventEdit(ev);
  return ev.actor ?? ev.user ?? ev.by ?? edit.reviewer ?? edit.author ?? null;
}
