package org.facialkeypoints.data;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses XML from outside without letting it do more than be read: document type declarations are refused
 * outright (so no external entities, no entity expansion such as "billion laughs", no DTD fetched over the
 * network), XInclude is off, element nesting and file size are capped, and the parser never prints to the console.
 */
public final class SafeXml {

    static final long MAX_BYTES = 1L << 30;
    static final int MAX_DEPTH = 64;

    private SafeXml() {}

    public static Document parse(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("XML file not found: " + file);
        if (Files.size(file) > MAX_BYTES) throw new InvalidDataException(file, "too large for an annotation file (" + Files.size(file) + " bytes)");
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilder b = factory().newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override public void warning(SAXParseException e) {}
                @Override public void error(SAXParseException e) throws SAXException { throw e; }
                @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
            });
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            InputSource src = new InputSource(in);
            src.setSystemId(file.toUri().toString());
            return b.parse(src);
        } catch (SAXParseException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (m.contains("DOCTYPE")) m = "document type declarations (DOCTYPE) are not allowed";
            throw new InvalidDataException(file, Math.max(1, e.getLineNumber()), "not valid XML: " + m);
        } catch (SAXException e) {
            throw new InvalidDataException(file, "not valid XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IOException("XML parser unavailable: " + e.getMessage(), e);
        }
    }

    static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try {
            f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
        } catch (IllegalArgumentException e) {
            // Other JAXP implementations: the depth cap is then the parser's own.
        }
        return f;
    }
}
