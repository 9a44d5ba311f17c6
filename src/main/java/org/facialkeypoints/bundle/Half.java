package org.facialkeypoints.bundle;

/** IEEE 754 half precision (binary16) conversion, round to nearest even; Java 17 has none built in. */
final class Half {

    private Half() {}

    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0)); // inf or NaN
        int e = exp - 127 + 15;
        if (e >= 0x1f) return (short) (sign | 0x7c00); // overflow: infinity
        if (e <= 0) {
            if (e < -10) return (short) sign; // too small: signed zero
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >> shift;
            int rest = mant & ((1 << shift) - 1), mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) != 0)) half++;
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) half++; // may carry into the exponent, as it should
        return (short) (sign | half);
    }

    static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float v = mant / 1024f / 16384f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
