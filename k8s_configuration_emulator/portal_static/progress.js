// The progress of the page's operations: one line per step, each following its ARM operation until Succeeded, or
// Failed with the service's error.
import {h, clear, append, badge, errorBox, announce} from './dom.js';
import {arm, followOperation} from './api.js';

export class Progress {
  constructor(title) {
    this.list = h('ol', {class: 'steps'});
    this.outcome = h('div');
    this.el = h('section', {'aria-labelledby': 'progress-h', class: 'progress', id: 'progress'},
      h('h2', {id: 'progress-h', tabindex: '-1'}, title), h('div', {role: 'status', 'aria-live': 'polite'}, this.list),
      this.outcome);
  }

  step(text) {
    const state = h('span', {class: 'step-state'}, badge('InProgress'));
    const item = h('li', {}, text, ' ', state);
    this.list.append(item);
    return {
      set: (status) => { append(clear(state), badge(status)); announce(text + ': ' + status); },
      fail: (err) => { append(clear(state), badge('Failed')); item.append(errorBox(err)); announce(text + ' failed'); },
    };
  }

  // Send one ARM write and follow its operation; returns true when it Succeeded.
  async run(text, method, path, body, signal) {
    const step = this.step(text);
    try {
      const resp = await arm(method, path, body);
      if (resp.status === 204) { step.set('Succeeded'); return true; }
      const doc = await followOperation(resp, (d) => step.set(d.status || 'InProgress'), signal);
      if (doc.status === 'Succeeded') { step.set('Succeeded'); return true; }
      if (doc.status === 'Abandoned') return false;
      step.fail(doc.error || {code: doc.status, message: 'The operation ended ' + doc.status + '.'});
      return false;
    } catch (err) {
      step.fail(err);
      return false;
    }
  }

  finish(...children) {
    append(clear(this.outcome), children);
  }
}
