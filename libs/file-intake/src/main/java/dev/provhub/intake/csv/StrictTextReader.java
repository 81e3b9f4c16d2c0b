package dev.provhub.intake.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;

/**
 * Decodes bytes to text and fails on bytes that are not valid in the charset.
 *
 * <p>
 * {@link java.io.InputStreamReader} with a reporting decoder fails too, but it throws away the text it decoded
 * before the bad bytes in the same call, so the caller cannot tell which line the bad bytes are on. This reader
 * first returns everything decoded before them and fails only on the following call.
 */
final class StrictTextReader extends Reader {

    private static final int BUFFER_BYTES = 8192;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES);
    /** Decoded chars a one-char read could not take yet: the second half of a surrogate pair. */
    private final CharBuffer spill = CharBuffer.allocate(2);
    private boolean endOfBytes;
    private boolean finished;
    private CharacterCodingException failure;

    StrictTextReader(InputStream in, Charset charset) {
        this.in = Objects.requireNonNull(in, "in");
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        spill.flip();
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (spill.hasRemaining()) {
            int count = Math.min(length, spill.remaining());
            spill.get(target, offset, count);
            return count;
        }
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            return -1;
        }
        if (length == 1) {
            // A character outside the BMP is two chars; decoding it into one free slot would make no progress.
            spill.clear();
            int decoded = decodeInto(spill);
            spill.flip();
            if (decoded < 0) {
                return -1;
            }
            target[offset] = spill.get();
            return 1;
        }
        return decodeInto(CharBuffer.wrap(target, offset, length));
    }

    /** Decodes into {@code out} (room for 2 chars or more): the number of chars decoded, or -1 at the end. */
    private int decodeInto(CharBuffer out) throws IOException {
        int start = out.position();
        while (true) {
            CoderResult result = decoder.decode(bytes, out, endOfBytes);
            int decoded = out.position() - start;
            if (result.isError()) {
                failure = new InvalidTextException(decoder.charset());
                if (decoded > 0) {
                    return decoded;
                }
                throw failure;
            }
            if (result.isOverflow()) {
                return decoded;
            }
            if (endOfBytes) {
                if (decoder.flush(out).isOverflow()) {
                    return decoded;
                }
                finished = true;
                return decoded > 0 ? decoded : -1;
            }
            if (decoded > 0) {
                return decoded;
            }
            fill();
        }
    }

    /** Reads more bytes after the (at most a few) bytes of an incomplete character still in the buffer. */
    private void fill() throws IOException {
        bytes.compact();
        int read = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfBytes = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Bytes that are not valid text in the charset; the message names the charset. */
    static final class InvalidTextException extends CharacterCodingException {

        private static final long serialVersionUID = 1L;

        private final String charsetName;

        InvalidTextException(Charset charset) {
            this.charsetName = charset.name();
        }

        @Override
        public String getMessage() {
            return "not valid " + charsetName;
        }
    }
}
