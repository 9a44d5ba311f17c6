// The peer people use on a CPU: dlib's HOG face detector and its 68-point shape predictor, timed per photo the way
// the project's bench times its own chain (decode, detector, landmarks of every face). Not part of the product:
// built from Debian's libdlib-dev by dlib-peer.sh, for the comparison in docs/BENCHMARKS.md.
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>

#include <chrono>
#include <cstdio>
#include <string>

using Clock = std::chrono::steady_clock;

static double ms(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s shape_predictor_68_face_landmarks.dat rounds image...\n", argv[0]);
        return 2;
    }
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::shape_predictor predictor;
    dlib::deserialize(argv[1]) >> predictor;
    int rounds = std::stoi(argv[2]);
    std::printf("image,round,faces,decode_ms,detector_ms,predictor_ms\n");
    for (int round = 0; round < rounds; round++) {
        for (int i = 3; i < argc; i++) {
            auto t0 = Clock::now();
            dlib::array2d<unsigned char> img;
            dlib::load_image(img, argv[i]);
            auto t1 = Clock::now();
            // No upsampling: faces of 80 px and more, as dlib's detector finds them by default on a photo as it is.
            std::vector<dlib::rectangle> faces = detector(img, 0);
            auto t2 = Clock::now();
            long sum = 0;
            for (const auto& f : faces) {
                dlib::full_object_detection shape = predictor(img, f);
                sum += shape.part(30).x();
            }
            auto t3 = Clock::now();
            std::printf("%s,%d,%zu,%.3f,%.3f,%.3f\n", argv[i], round, faces.size(), ms(t0, t1), ms(t1, t2), ms(t2, t3));
            if (sum == -1) std::printf("unreachable\n");
        }
    }
    return 0;
}
