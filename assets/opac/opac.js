// Tra cứu thư viện — the OPAC page. Plain script, no library, no inline code (the CSP forbids it).
// Everything shown is built with textContent: nothing the server sends is ever read as HTML.
'use strict';

(function () {
  var view = document.getElementById('view');
  var form = document.getElementById('search-form');
  var q = document.getElementById('q');
  var fSeries = document.getElementById('f-series');
  var fSubject = document.getElementById('f-subject');
  var fGrade = document.getElementById('f-grade');
  var signinLink = document.getElementById('signin-link');
  var mineLink = document.getElementById('mine-link');
  var PAGE = 20;
  var signedIn = false;

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
  function api(path, body) {
    var init = body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' }
      : { credentials: 'same-origin' };
    return fetch(path, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var err = new Error(data.error || 'Không kết nối được với thư viện; hãy thử lại.');
          err.status = r.status;
          throw err;
        }
        return data;
      });
    });
  }
  function failed(e) { show([el('p', { class: 'msg err', role: 'alert', text: e.message || 'Không kết nối được với thư viện.' })]); }

  function availability(h) {
    if (h.total === 0) return el('span', { class: 'avail no', text: 'Không còn bản nào' });
    if (h.available === 0) return el('span', { class: 'avail no', text: 'Đang được mượn hết (0/' + num(h.total) + ' bản)' });
    return el('span', { class: 'avail yes', text: 'Còn ' + num(h.available) + '/' + num(h.total) + ' bản trên giá' });
  }
  var typeNames = { 'application/pdf': 'Đọc PDF', 'application/epub+zip': 'Tải EPUB' };
  function fileLabel(f) {
    if (typeNames[f.type]) return typeNames[f.type];
    if (/^audio\//.test(f.type)) return 'Nghe';
    if (/^video\//.test(f.type)) return 'Xem video';
    if (/^image\//.test(f.type)) return 'Xem ảnh';
    return 'Mở tệp';
  }
  function fileLinks(files) {
    if (!files || !files.length) return null;
    return el('ul', { class: 'files' }, files.map(function (f) {
      var attrs = { href: f.url, 'data-type': f.type, text: fileLabel(f) + ' (' + size(f.size) + ')' };
      if (f.type === 'application/pdf' || /^image\//.test(f.type)) { attrs.target = '_blank'; attrs.rel = 'noopener'; }
      return el('li', {}, [el('a', attrs)]);
    }));
  }
  function size(b) {
    if (b >= 1048576) return (b / 1048576).toFixed(1).replace('.', ',') + ' MB';
    return Math.max(1, Math.round(b / 1024)) + ' KB';
  }
  function hitItem(h) {
    return el('li', { class: 'hit' }, [
      el('a', { class: 'title', href: '#/sach/' + h.id, text: h.title }),
      h.authors ? el('div', { class: 'authors', text: h.authors }) : null,
      el('div', {}, [availability(h), h.shelfMark ? el('span', { class: 'mark', text: '  ' + h.shelfMark }) : null]),
      fileLinks(h.files),
    ]);
  }

  function params() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var i = hash.indexOf('?');
    return { path: i >= 0 ? hash.slice(0, i) : hash, query: new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '') };
  }

  function home() {
    return api('/api/home').then(function (data) {
      var nodes = [];
      nodes.push(el('h1', { text: 'Sách mới về' }));
      nodes.push(data.newArrivals.length ? el('ul', { class: 'hits' }, data.newArrivals.map(hitItem)) : el('p', { class: 'muted', text: 'Chưa có sách mới trong ba tháng qua.' }));
      nodes.push(el('h2', { text: 'Hoạt động đọc sắp tới' }));
      nodes.push(data.activities.length ? el('ul', { class: 'activities' }, data.activities.map(function (a) {
        return el('li', {}, [el('strong', { text: a.dateText }), ' — ' + a.name, a.audience ? el('div', { class: 'muted', text: (a.form ? a.form + ' · ' : '') + a.audience }) : null]);
      })) : el('p', { class: 'muted', text: 'Chưa có hoạt động nào sắp diễn ra.' }));
      show(nodes);
    });
  }

  function search(query) {
    var text = query.get('q') || '';
    var offset = Number(query.get('offset') || 0);
    var p = new URLSearchParams();
    p.set('q', text);
    ['series', 'subject', 'grade'].forEach(function (k) { if (query.get(k)) p.set(k, query.get(k)); });
    if (offset) p.set('offset', String(offset));
    show([el('p', { class: 'muted', text: 'Đang tìm…' })]);
    return api('/api/search?' + p.toString()).then(function (data) {
      var nodes = [el('h1', { text: data.total ? 'Tìm thấy ' + num(data.total) + ' đầu sách' : 'Không tìm thấy sách nào' })];
      if (!data.total) nodes.push(el('p', { class: 'muted', text: 'Hãy thử ít chữ hơn, hoặc bỏ bớt bộ lọc. Có thể gửi đề xuất mua sách cho thư viện.' }));
      nodes.push(el('ul', { class: 'hits', 'data-testid': 'hits' }, data.results.map(hitItem)));
      if (data.total > PAGE) {
        var pager = el('div', { class: 'pager' });
        var go = function (to) { return function () { query.set('offset', String(to)); location.hash = '#/tim?' + query.toString(); }; };
        if (offset > 0) { var prev = el('button', { type: 'button', text: '‹ Trang trước' }); prev.addEventListener('click', go(Math.max(0, offset - PAGE))); pager.appendChild(prev); }
        pager.appendChild(el('span', { class: 'muted', text: 'Trang ' + (offset / PAGE + 1) + '/' + Math.ceil(data.total / PAGE) }));
        if (offset + PAGE < data.total) { var next = el('button', { type: 'button', text: 'Trang sau ›' }); next.addEventListener('click', go(offset + PAGE)); pager.appendChild(next); }
        nodes.push(pager);
      }
      show(nodes);
    });
  }

  function titlePage(id) {
    return api('/api/titles/' + id).then(function (t) {
      var rows = [
        ['Tác giả', t.authors], ['Tập', t.volume], ['Nhà xuất bản', [t.publisher, t.placeOfPublication].filter(Boolean).join(', ')],
        ['Năm xuất bản', t.publicationYear], ['Lần xuất bản', t.edition], ['Số trang', t.pages], ['ISBN', t.isbn],
        ['Loại sách', t.series], ['Môn', t.subject], ['Khối', t.gradeLevel], ['Ký hiệu xếp giá', t.shelfMark], ['Tóm tắt', t.summary],
      ].filter(function (r) { return r[1] !== null && r[1] !== undefined && r[1] !== ''; });
      var reserveBox = el('div', { 'data-testid': 'reserve' });
      var nodes = [
        el('p', {}, [el('a', { href: '#/', text: '‹ Trang đầu' })]),
        el('h1', { text: t.title + (t.subtitle ? ': ' + t.subtitle : '') }),
        el('p', { class: 'where ' + (t.available > 0 ? 'yes' : 'no'), 'data-testid': 'availability', text: t.availability }),
        reserveBox,
        el('dl', { class: 'bib' }, rows.reduce(function (acc, r) { acc.push(el('dt', { text: r[0] }), el('dd', { text: String(r[1]) })); return acc; }, [])),
      ];
      if (t.files && t.files.length) {
        nodes.push(el('h2', { text: 'Tài liệu số' }));
        nodes.push(fileLinks(t.files));
        t.files.forEach(function (f) {
          if (/^audio\//.test(f.type)) nodes.push(el('audio', { controls: '', preload: 'none', src: f.url }));
          if (/^video\//.test(f.type)) nodes.push(el('video', { controls: '', preload: 'none', src: f.url }));
        });
      }
      show(nodes);
      if (signedIn && t.available === 0 && t.total > 0) return reserveOffer(t, reserveBox);
    });
  }

  // "Đặt trước" on a title none of whose copies is on the shelf (signed-in teachers); her place if she already has one.
  function reserveOffer(t, box) {
    return api('/api/me').then(function (me) {
      var own = me.reservations.filter(function (r) { return r.titleId === t.id; })[0];
      box.textContent = '';
      if (own) { box.appendChild(el('p', { class: 'msg ok', text: 'Thầy cô đã đặt trước sách này: ' + own.statusText + '.' })); return; }
      var msg = el('p', { role: 'status' });
      var b = el('button', { type: 'button', class: 'primary', text: 'Đặt trước' });
      b.addEventListener('click', function () {
        b.disabled = true;
        api('/api/reservations', { titleId: t.id }).then(function (a) {
          b.remove();
          hint.remove();
          msg.className = 'msg ok'; msg.textContent = a.message;
        }).catch(function (err) { b.disabled = false; msg.className = 'msg err'; msg.textContent = err.message; });
      });
      var hint = el('p', { class: 'muted', text: 'Mọi bản đang được mượn. Đặt trước để thư viện giữ cho thầy cô bản trả về đầu tiên.' });
      box.appendChild(hint);
      box.appendChild(b);
      box.appendChild(msg);
    });
  }

  function signInPage() {
    if (signedIn) {
      var out = el('button', { type: 'button', class: 'primary', text: 'Đăng xuất' });
      out.addEventListener('click', function () { api('/api/signout', {}).then(function () { signedIn = false; updateSignin(); location.hash = '#/'; }).catch(failed); });
      show([el('h1', { text: 'Đã đăng nhập' }), el('p', { text: 'Thầy cô đã mở được các tài liệu dành cho giáo viên.' }), out]);
      return Promise.resolve();
    }
    var card = el('input', { name: 'card', autocomplete: 'username', autocapitalize: 'characters', required: '' });
    var pin = el('input', { name: 'pin', type: 'password', inputmode: 'numeric', autocomplete: 'current-password', required: '' });
    var msg = el('p', { role: 'alert' });
    var f = el('form', { class: 'card' }, [
      el('label', {}, ['Số thẻ thư viện', card]), el('label', {}, ['Mã PIN', pin]), msg,
      el('button', { type: 'submit', class: 'primary', text: 'Đăng nhập' }),
    ]);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      msg.className = ''; msg.textContent = '';
      api('/api/signin', { card: card.value, pin: pin.value }).then(function () {
        signedIn = true; updateSignin();
        location.hash = sessionStorage.getItem('back') || '#/';
      }).catch(function (err) { msg.className = 'msg err'; msg.textContent = err.message; pin.value = ''; });
    });
    show([el('h1', { text: 'Giáo viên đăng nhập' }), el('p', { class: 'muted', text: 'Dùng số thẻ thư viện và mã PIN do cán bộ thư viện cấp.' }), f]);
    return Promise.resolve();
  }

  function suggestPage() {
    var title = el('input', { name: 'title', required: '', maxlength: '300' });
    var author = el('input', { name: 'author', maxlength: '200' });
    var who = el('input', { name: 'who', maxlength: '100', placeholder: 'Ví dụ: học sinh lớp 7A1' });
    var why = el('textarea', { name: 'why', rows: '3', maxlength: '1000' });
    var msg = el('p', { role: 'status' });
    var f = el('form', { class: 'card' }, [
      el('label', {}, ['Tên sách', title]), el('label', {}, ['Tác giả', author]), el('label', {}, ['Người đề xuất', who]),
      el('label', {}, ['Vì sao thư viện nên mua', why]), msg, el('button', { type: 'submit', class: 'primary', text: 'Gửi đề xuất' }),
    ]);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      api('/api/suggestions', { title: title.value, author: author.value, who: who.value, why: why.value }).then(function (r) {
        msg.className = 'msg ok'; msg.textContent = r.message; f.reset();
      }).catch(function (err) { msg.className = 'msg err'; msg.textContent = err.message; });
    });
    show([el('h1', { text: 'Đề xuất mua sách' }), el('p', { class: 'muted', text: 'Thư viện sẽ xem xét khi lập kế hoạch bổ sung sách.' }), f]);
    return Promise.resolve();
  }

  function updateSignin() {
    signinLink.textContent = signedIn ? 'Giáo viên: đăng xuất' : 'Giáo viên đăng nhập';
    mineLink.hidden = !signedIn;
  }

  // One of her reservations, with "Hủy" asking for a reason first.
  function reservationItem(r, done) {
    var li = el('li', { class: r.status === 'ready' ? 'ready' : '' }, [
      el('a', { href: '#/sach/' + r.titleId, text: r.title }),
      el('div', { class: 'due', text: r.statusText }),
    ]);
    var cancel = el('button', { type: 'button', text: 'Hủy đặt trước' });
    cancel.addEventListener('click', function () {
      cancel.hidden = true;
      var reason = el('input', { name: 'reason', maxlength: '300', required: '', placeholder: 'Ví dụ: không cần nữa' });
      var msg = el('p', { role: 'alert' });
      var f = el('form', { class: 'card inline' }, [el('label', {}, ['Lý do hủy', reason]), msg,
        el('button', { type: 'submit', class: 'primary', text: 'Hủy đặt trước này' })]);
      f.addEventListener('submit', function (e) {
        e.preventDefault();
        if (!reason.value.trim()) { msg.className = 'msg err'; msg.textContent = 'Hãy ghi lý do hủy đặt trước.'; return; }
        api('/api/reservations/cancel', { id: r.id, reason: reason.value }).then(function (a) { done(a.message); })
          .catch(function (err) { msg.className = 'msg err'; msg.textContent = err.message; });
      });
      li.appendChild(f);
      reason.focus();
    });
    li.appendChild(cancel);
    return li;
  }

  // "Của tôi": the signed-in teacher's own loans and reservations, and her class's books waiting at the library.
  // The server answers only for the session's reader.
  function minePage(notice) {
    if (!signedIn) { location.hash = '#/dang-nhap'; return Promise.resolve(); }
    show([el('p', { class: 'muted', text: 'Đang tải…' })]);
    return api('/api/me').then(function (me) {
      var nodes = [el('h1', { text: 'Của tôi' })];
      if (notice) nodes.push(el('p', { class: 'msg ok', role: 'status', text: notice }));
      nodes.push(el('h2', { text: 'Sách đặt trước' }));
      nodes.push(me.reservations.length ? el('ul', { class: 'mine', 'data-testid': 'my-reservations' }, me.reservations.map(function (r) {
        return reservationItem(r, function (message) { minePage(message).catch(failed); });
      })) : el('p', { class: 'muted', text: 'Chưa đặt trước sách nào. Sách đang được mượn hết thì bấm "Đặt trước" ở trang của sách.' }));
      if (me.homeroomClass) {
        nodes.push(el('h2', { text: 'Sách đã về cho học sinh lớp ' + me.homeroomClass }));
        nodes.push(me.classHolds.length ? el('ul', { class: 'mine', 'data-testid': 'class-holds' }, me.classHolds.map(function (h) {
          return el('li', { class: 'ready' }, [el('strong', { text: h.pupil }), el('div', { text: h.title }),
            el('div', { class: 'due', text: 'Thư viện giữ đến hết ' + h.until })]);
        })) : el('p', { class: 'muted', text: 'Không có sách nào đang chờ học sinh lớp này.' }));
      }
      nodes.push(el('h2', { text: 'Sách đang mượn' }));
      nodes.push(me.loans.length ? el('ul', { class: 'mine', 'data-testid': 'my-loans' }, me.loans.map(function (l) {
        return el('li', { class: l.overdueDays > 0 ? 'late' : '' }, [
          el('strong', { text: l.title }),
          el('div', { class: 'muted', text: 'Số ĐKCB ' + l.copyCode + ' · mượn ngày ' + l.lent }),
          el('div', { class: l.overdueDays > 0 ? 'due late' : 'due', text: l.dueText }),
        ]);
      })) : el('p', { class: 'muted', text: 'Hiện thầy cô không mượn cuốn nào.' }));
      show(nodes);
    }).catch(function (e) {
      // The session ended (signed out elsewhere, PIN changed by the librarian): sign in again.
      if (e.status === 401) { signedIn = false; updateSignin(); }
      throw e;
    });
  }

  function route() {
    var r = params();
    var m = /^\/sach\/(\d+)$/.exec(r.path);
    if (r.path !== '/dang-nhap') sessionStorage.setItem('back', location.hash || '#/');
    var done;
    if (r.path === '/tim') {
      q.value = r.query.get('q') || '';
      fSeries.value = r.query.get('series') || '';
      fSubject.value = r.query.get('subject') || '';
      fGrade.value = r.query.get('grade') || '';
      done = search(r.query);
    } else if (m) done = titlePage(m[1]);
    else if (r.path === '/dang-nhap') done = signInPage();
    else if (r.path === '/de-xuat') done = suggestPage();
    else if (r.path === '/cua-toi') done = minePage('');
    else done = home();
    done.catch(failed);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var p = new URLSearchParams();
    p.set('q', q.value.trim());
    if (fSeries.value) p.set('series', fSeries.value);
    if (fSubject.value) p.set('subject', fSubject.value);
    if (fGrade.value) p.set('grade', fGrade.value);
    location.hash = '#/tim?' + p.toString();
  });
  [fSeries, fSubject, fGrade].forEach(function (s) {
    s.addEventListener('change', function () { if (params().path === '/tim' || q.value.trim()) form.requestSubmit(); });
  });

  function fillFilters(filters) {
    filters.series.forEach(function (s) { fSeries.appendChild(el('option', { value: String(s.id), text: s.name })); });
    filters.subjects.forEach(function (s) { fSubject.appendChild(el('option', { value: s, text: s })); });
    filters.grades.forEach(function (g) { fGrade.appendChild(el('option', { value: String(g), text: 'Khối ' + g })); });
  }

  window.addEventListener('hashchange', route);
  Promise.all([api('/api/session'), api('/api/home')]).then(function (res) {
    signedIn = !!res[0].signedIn;
    updateSignin();
    fillFilters(res[1].filters);
    route();
  }).catch(failed);
})();
