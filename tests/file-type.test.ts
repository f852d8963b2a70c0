import { describe, expect, it } from 'vitest';
import { detectFileType } from '../shared/file-type';
import {
  sampleEpub, sampleExe, sampleHtml, sampleJpeg, sampleJs, sampleM4a, sampleMp3, sampleMp4, sampleOgg, samplePdf, samplePng, sampleSvg,
  sampleWebm, sampleZip,
} from './digital-samples';

describe('detectFileType (from the content, never the name)', () => {
  it.each([
    ['PDF', samplePdf(), 'application/pdf', 'pdf'],
    ['EPUB', sampleEpub(), 'application/epub+zip', 'epub'],
    ['MP3 with ID3', sampleMp3(true), 'audio/mpeg', 'audio'],
    ['MP3 frames only', sampleMp3(false), 'audio/mpeg', 'audio'],
    ['M4A', sampleM4a(), 'audio/mp4', 'audio'],
    ['MP4', sampleMp4(), 'video/mp4', 'video'],
    ['OGG', sampleOgg(), 'audio/ogg', 'audio'],
    ['WebM', sampleWebm(), 'video/webm', 'video'],
    ['PNG', samplePng(), 'image/png', 'image'],
    ['JPEG', sampleJpeg(), 'image/jpeg', 'image'],
  ])('accepts %s', (_name, bytes, mime, kind) => {
    const r = detectFileType(bytes);
    expect(r).toMatchObject({ ok: true, type: { mime, kind } });
  });

  it.each([
    ['HTML', sampleHtml(), /HTML/],
    ['SVG', sampleSvg(), /SVG/],
    ['JavaScript', sampleJs(), /mã lệnh/],
    ['a Windows executable', sampleExe(), /chương trình/],
    ['a plain ZIP', sampleZip(), /ZIP/],
    ['an empty file', Buffer.alloc(0), /trống/],
    ['unknown bytes', Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 0, 0]), /Không nhận ra/],
  ])('refuses %s with a Vietnamese message', (_name, bytes, message) => {
    const r = detectFileType(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('refuses HTML whatever it is called: the name plays no part (HTML "renamed .pdf" is the same bytes)', () => {
    const r = detectFileType(Buffer.concat([Buffer.from('\ufeff  \n'), sampleHtml()]));
    expect(r.ok).toBe(false);
  });

  it('refuses a ZIP whose first entry is mimetype but not the EPUB one, and AAC ADTS frames as MP3', () => {
    const odt = Buffer.from(sampleEpub());
    odt.write('application/vnd.oasi', 38, 'latin1');
    expect(detectFileType(odt).ok).toBe(false);
    expect(detectFileType(Buffer.from([0xff, 0xf1, 0x50, 0x80, 0, 0, 0, 0])).ok).toBe(false);
  });
});
