// Mục lục liên hợp — the district union catalogue page. Plain script, no library, no inline code (the CSP
// forbids it). Everything shown is built with textContent: nothing the server sends is read as HTML.
'use strict';

(function () {
  var view = document.getElementById('view');
  var form = document.getElementById('search-form');
  var q = document.getElementById('q');
  var PAGE = 20;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function show(nodes) {
    view.textContent = '';
    nodes.forEach(function (n) { if (n) view.appendChild(n); });
  }
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); }
  function two(n) { return (n < 10 ? '0' : '') + n; }
  // dd/mm/yyyy HH:mm (on a phone the time may wrap under the date).
  function dateTime(iso) {
    var d = new Date(iso);
    return two(d.getDate()) + '/' + two(d.getMonth() + 1) + '/' + d.getFullYear() + ' ' + two(d.getHours()) + ':' + two(d.getMinutes());
  }
  function api(path) {
    return fetch(path).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw new Error(data.error || 'Không kết nối được với máy chủ liên thông; hãy thử lại.');
        return data;
      });
    });
  }
  function failed(e) { show([el('p', { class: 'msg err', role: 'alert', text: e.message || 'Không kết nối được với máy chủ liên thông.' })]); }

  function availability(h) {
    if (h.total === 0) return el('span', { class: 'avail no', text: 'Không còn bản nào' });
    if (h.available === 0) return el('span', { class: 'avail no', text: 'Đang được mượn hết (0/' + num(h.total) + ' bản)' });
    return el('span', { class: 'avail yes', text: 'Còn ' + num(h.available) + '/' + num(h.total) + ' bản trên giá' });
  }
  function workItem(w) {
    return el('li', { class: 'hit' }, [
      el('div', { class: 'title', text: w.title }),
      w.authors.length ? el('div', { class: 'authors', text: w.authors.join('; ') }) : null,
      w.isbn ? el('div', { class: 'isbn', text: 'ISBN ' + w.isbn }) : null,
      el('ul', { class: 'holdings' }, w.holdings.map(function (h) {
        return el('li', {}, [el('span', { class: 'school', text: h.school }), availability(h)]);
      })),
    ]);
  }

  function params() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var i = hash.indexOf('?');
    return { path: i >= 0 ? hash.slice(0, i) : hash, query: new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '') };
  }

  function searchView(text, offset) {
    q.value = text;
    show([el('p', { class: 'muted', text: 'Đang tìm…' })]);
    api('/api/search?q=' + encodeURIComponent(text) + '&offset=' + offset + '&limit=' + PAGE).then(function (r) {
      if (!r.total) return show([el('p', { text: 'Không trường nào có sách khớp với "' + text + '".' })]);
      var pager = el('div', { class: 'pager' }, [
        offset > 0 ? el('a', { href: '#/tim?q=' + encodeURIComponent(text) + '&tu=' + Math.max(0, offset - PAGE), text: '← Trước' }) : null,
        el('span', { class: 'muted', text: 'Trang ' + (Math.floor(offset / PAGE) + 1) + '/' + Math.ceil(r.total / PAGE) }),
        offset + PAGE < r.total ? el('a', { href: '#/tim?q=' + encodeURIComponent(text) + '&tu=' + (offset + PAGE), text: 'Sau →' }) : null,
      ]);
      show([
        el('p', { class: 'muted', text: num(r.total) + ' đầu sách' }),
        el('ul', { class: 'hits' }, r.results.map(workItem)),
        r.total > PAGE ? pager : null,
      ]);
    }).catch(failed);
  }

  function schoolsView() {
    q.value = '';
    api('/api/schools').then(function (rows) {
      if (!rows.length) return show([el('p', { class: 'muted', text: 'Chưa có trường nào gửi dữ liệu.' })]);
      show([
        el('h1', { text: 'Các trường trong mục lục liên hợp' }),
        el('table', { class: 'schools' }, [
          el('thead', {}, [el('tr', {}, [el('th', { text: 'Trường' }), el('th', { class: 'n', text: 'Đầu sách' }), el('th', { class: 'n', text: 'Bản sách' }), el('th', { text: 'Cập nhật' })])]),
          el('tbody', {}, rows.map(function (s) {
            return el('tr', {}, [
              el('td', { text: s.school }), el('td', { class: 'n', text: num(s.titles) }), el('td', { class: 'n', text: num(s.copies) }),
              el('td', { class: 'when', text: s.lastPush ? dateTime(s.lastPush) : 'Chưa gửi' }),
            ]);
          })),
        ]),
      ]);
    }).catch(failed);
  }

  function route() {
    var p = params();
    if (p.path === '/tim' && p.query.get('q')) return searchView(p.query.get('q'), Number(p.query.get('tu')) || 0);
    if (p.path === '/truong') return schoolsView();
    q.value = '';
    show([
      el('h1', { text: 'Tìm sách ở mọi thư viện trường trong huyện' }),
      el('p', { class: 'muted', text: 'Gõ tên sách, tác giả hoặc ISBN. Kết quả cho biết trường nào có sách và còn bao nhiêu bản trên giá.' }),
    ]);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = q.value.trim();
    if (text) location.hash = '#/tim?q=' + encodeURIComponent(text);
  });
  window.addEventListener('hashchange', route);
  route();
})();
