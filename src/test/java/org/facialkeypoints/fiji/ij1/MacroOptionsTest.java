package org.facialkeypoints.fiji.ij1;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A checkbox recorded by ImageJ2 ({@code key=true}/{@code key=false}) read as ImageJ 1 records it (bare key). */
class MacroOptionsTest {

    static final Set<String> BOXES = Set.of("show_labels", "results_table");

    @Test
    void imagej2BooleansBecomeBareKeys() {
        assertEquals("model=unet show_labels ", MacroOptions.bareCheckboxes("model=unet show_labels=true results_table=false", BOXES));
        assertEquals("show_labels results_table ", MacroOptions.bareCheckboxes("show_labels=[true] results_table=TRUE", BOXES));
    }

    @Test
    void imagej1LinesAndOtherValuesStayAsTheyWere() {
        String ij1 = "model=face68 min_score=0.85 show_labels csv=[/tmp/a b/show_labels=false.csv] ";
        assertEquals(ij1, MacroOptions.bareCheckboxes(ij1, BOXES));
        assertEquals("model=[x y] other=false ", MacroOptions.bareCheckboxes("  model=[x y]   other=false", BOXES));
    }
}
